using Dapper;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Brings the PostgreSQL database to the schema this build expects. All pending scripts run in one transaction
/// (PostgreSQL's DDL is transactional: a failed upgrade leaves the old schema whole) that first takes a
/// transaction-scoped advisory lock, so two replicas starting together migrate one after the other: the second
/// waits, then finds the schema current.
/// </summary>
public sealed class PostgresSchemaMigrator(PostgresDatabase database, TimeProvider time, ILogger<PostgresSchemaMigrator> logger) : ISchemaMigrator
{
    // Any constant works: advisory locks are per database and the bot takes no other at this key ("LIbot" + 1).
    internal const long MigrationLockKey = 0x4C49626F74_01;

    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    integer PRIMARY KEY,
            name       text NOT NULL,
            applied_at text NOT NULL
        )
        """;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = SchemaMigration.LoadEmbedded(StorageProvider.PostgreSQL);
        var applied = new List<string>();

        await using (var connection = await database.OpenAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(@Key)", new { Key = MigrationLockKey }, transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(CreateVersionTable, transaction: transaction, cancellationToken: cancellationToken));
            var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                "SELECT COALESCE(MAX(version), 0) FROM schema_version", transaction: transaction, cancellationToken: cancellationToken));
            NewerSchema.ThrowIfNewer(database.DisplayName, current, migrations[^1].Version);

            foreach (var migration in migrations.Where(m => m.Version > current))
            {
                await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
                    new { migration.Version, migration.Name, AppliedAt = StoredTime.ToText(time.GetUtcNow()) },
                    transaction,
                    cancellationToken: cancellationToken));
                applied.Add(migration.Name);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var name in applied)
        {
            logger.LogInformation("Applied schema migration {Migration} to {Database}", name, database.DisplayName);
        }
    }
}
