using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary><see cref="ILeaseStore"/> on SQLite: one upsert decides who holds a lease.</summary>
internal sealed class SqliteLeaseStore(SqliteDatabase database) : ILeaseStore
{
    public async Task<bool> TryAcquireAsync(string key, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO leases (lease_key, owner, expires_at) VALUES (@Key, @Owner, @ExpiresAt)
            ON CONFLICT (lease_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.expires_at <= @Now OR leases.owner = @Owner
            RETURNING lease_key
            """;
        var parameters = new { Key = key, Owner = owner, Now = StoredTime.ToText(now), ExpiresAt = StoredTime.ToText(now + leaseTime) };
        var taken = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        return taken is not null;
    }

    public async Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> keys, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        // A lease that expired is renewed only while nobody else took it: the owner check is enough, as taking it
        // over rewrites the owner.
        const string sql = "UPDATE leases SET expires_at = @ExpiresAt WHERE owner = @Owner AND lease_key IN @Keys RETURNING lease_key";
        var parameters = new { Keys = keys, Owner = owner, ExpiresAt = StoredTime.ToText(now + leaseTime) };
        var held = await database.WriteAsync(
            (connection, ct) => connection.QueryAsync<string>(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        return [.. held];
    }

    public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM leases WHERE lease_key = @Key AND owner = @Owner", new { Key = key, Owner = owner }, cancellationToken: ct)),
            cancellationToken);

    public Task ReleaseAllAsync(string owner, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM leases WHERE owner = @Owner", new { Owner = owner }, cancellationToken: ct)),
            cancellationToken);

    public async Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT owner FROM leases", cancellationToken: cancellationToken))];
    }
}
