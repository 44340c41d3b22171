using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IHandledRequestStore"/> on PostgreSQL: the primary key decides which of two deliveries (on any replicas) is first.</summary>
internal sealed class PostgresHandledRequestStore(PostgresDatabase database) : IHandledRequestStore
{
    public async Task<bool> TryMarkHandledAsync(string requestKey, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        var parameters = new { Key = requestKey, Now = StoredTime.ToText(now), Before = StoredTime.ToText(now - retention) };
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM handled_requests WHERE handled_at < @Before", parameters, cancellationToken: cancellationToken));
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO handled_requests (request_key, handled_at) VALUES (@Key, @Now) ON CONFLICT (request_key) DO NOTHING",
            parameters,
            cancellationToken: cancellationToken));
        return inserted == 1;
    }
}
