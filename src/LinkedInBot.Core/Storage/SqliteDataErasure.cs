using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// <see cref="IDataErasure"/> on SQLite. A deleted row stays in the file (its page's free space, a free page) and in the
/// write-ahead log until something overwrites it: <c>PRAGMA secure_delete</c> zeroes what these writes delete, the
/// checkpoint moves the log's pages into the file and truncates the log, and VACUUM rewrites the file from the rows
/// that remain (the copies that earlier updates of a row left behind, written without secure_delete, go with it).
/// </summary>
internal sealed class SqliteDataErasure(SqliteDatabase database, ILogger<SqliteDataErasure> logger) : IDataErasure
{
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        // Outside the group commit: the pragma must be on for these statements only. Another writer in this process
        // (the group commit's connection) makes BEGIN IMMEDIATE wait for the busy timeout, like another process would.
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = ON", cancellationToken: cancellationToken));
        try
        {
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await operation(connection, transaction, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            // The native connection goes back to the pool: the next user gets SQLite's default.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA secure_delete = OFF", cancellationToken: CancellationToken.None));
        }
    }

    public async Task ScrubAsync(bool rebuild, CancellationToken cancellationToken)
    {
        // VACUUM needs the write lock for as long as it copies the file (milliseconds for a bot's database, whose post
        // text the retention keeps small) and room for a copy; when it fails the checkpoint still runs.
        if (rebuild)
        {
            await TryAsync("VACUUM", cancellationToken);
        }

        // (busy, log frames, checkpointed frames): busy = 1 when a reader kept the log from being truncated.
        var result = await TryAsync("PRAGMA wal_checkpoint(TRUNCATE)", cancellationToken);
        if (result is { Busy: not 0 })
        {
            logger.LogWarning("The database {Database} was busy: the write-ahead log could not be truncated after deleting data; the next checkpoint will", database.DisplayName);
        }
    }

    private async Task<(long Busy, long Log, long Checkpointed)?> TryAsync(string statement, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            return await connection.QuerySingleOrDefaultAsync<(long Busy, long Log, long Checkpointed)?>(
                new CommandDefinition(statement, cancellationToken: cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("{Statement} on the database {Database} after deleting data failed ({ErrorType}); the rows are deleted", statement, database.DisplayName, ex.GetType().Name);
            return null;
        }
    }
}
