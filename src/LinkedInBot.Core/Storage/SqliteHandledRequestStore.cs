using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IHandledRequestStore"/> on SQLite: the primary key decides which of two deliveries is first.</summary>
internal sealed class SqliteHandledRequestStore(SqliteDatabase database) : IHandledRequestStore
{
    public Task<bool> TryMarkHandledAsync(string requestKey, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken)
    {
        var parameters = new { Key = requestKey, Now = StoredTime.ToText(now), Before = StoredTime.ToText(now - retention) };
        return database.WriteAsync(
            async (connection, ct) =>
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM handled_requests WHERE handled_at < @Before", parameters, cancellationToken: ct));
                var inserted = await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO handled_requests (request_key, handled_at) VALUES (@Key, @Now) ON CONFLICT (request_key) DO NOTHING",
                    parameters,
                    cancellationToken: ct));
                return inserted == 1;
            },
            cancellationToken);
    }
}
