using System.Data.Common;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// <see cref="IDataErasure"/> on PostgreSQL: a plain transaction. Dead rows stay in the table's files until (auto)vacuum
/// reuses their space, and in the server's write-ahead log and backups: that is the server operator's to manage (see
/// docs/security.md), not something a client can force.
/// </summary>
internal sealed class PostgresDataErasure(PostgresDatabase database) : IDataErasure
{
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var result = await operation(connection, transaction, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    public Task ScrubAsync(bool rebuild, CancellationToken cancellationToken) => Task.CompletedTask;
}
