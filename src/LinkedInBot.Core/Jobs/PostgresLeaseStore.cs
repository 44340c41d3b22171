using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// <see cref="ILeaseStore"/> on PostgreSQL: one upsert decides who holds a lease. Two replicas racing for the same
/// key: the second's insert waits for the first's row, then its <c>DO UPDATE … WHERE</c> sees the fresh lease and
/// changes nothing, so it returns no row.
/// </summary>
internal sealed class PostgresLeaseStore(PostgresDatabase database) : ILeaseStore
{
    public async Task<bool> TryAcquireAsync(string key, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO leases (lease_key, owner, expires_at) VALUES (@Key, @Owner, @ExpiresAt)
            ON CONFLICT (lease_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.expires_at <= @Now OR leases.owner = @Owner
            RETURNING lease_key
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var taken = await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            sql,
            new { Key = key, Owner = owner, Now = StoredTime.ToText(now), ExpiresAt = StoredTime.ToText(now + leaseTime) },
            cancellationToken: cancellationToken));
        return taken is not null;
    }

    public async Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> keys, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        // A lease that expired is renewed only while nobody else took it: taking it over rewrites the owner.
        const string sql = "UPDATE leases SET expires_at = @ExpiresAt WHERE owner = @Owner AND lease_key = ANY(@Keys) RETURNING lease_key";
        await using var connection = await database.OpenAsync(cancellationToken);
        var held = await connection.QueryAsync<string>(new CommandDefinition(
            sql, new { Keys = keys.ToArray(), Owner = owner, ExpiresAt = StoredTime.ToText(now + leaseTime) }, cancellationToken: cancellationToken));
        return [.. held];
    }

    public async Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE lease_key = @Key AND owner = @Owner", new { Key = key, Owner = owner }, cancellationToken: cancellationToken));
    }

    public async Task ReleaseAllAsync(string owner, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE owner = @Owner", new { Owner = owner }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition("SELECT DISTINCT owner FROM leases", cancellationToken: cancellationToken))];
    }
}
