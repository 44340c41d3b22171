using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Brings the SQLite database to the schema this build expects. Runs at start-up (<see cref="SchemaMigrationService"/>);
/// safe to run again and from two processes at once: each script runs in its own write transaction that first
/// re-reads the version.
/// </summary>
public sealed class SqliteSchemaMigrator(SqliteDatabase database, TimeProvider time, ILogger<SqliteSchemaMigrator> logger) : ISchemaMigrator
{
    private const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            applied_at TEXT NOT NULL
        )
        """;

    private const string CurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_version";

    /// <exception cref="InvalidOperationException">The database was written by a newer build.</exception>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = SchemaMigration.LoadEmbedded(StorageProvider.Sqlite);
        var latest = migrations[^1].Version;

        await using var connection = await database.OpenAsync(cancellationToken);

        // WAL lets readers (the health probe, lookups) run while a post is written. It is stored in the file,
        // so setting it once here covers every later connection; it cannot change inside a transaction.
        await connection.ExecuteScalarAsync<string>(new CommandDefinition("PRAGMA journal_mode = WAL", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(CreateVersionTable, cancellationToken: cancellationToken));

        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CurrentVersion, cancellationToken: cancellationToken));
        NewerSchema.ThrowIfNewer(database.DisplayName, current, latest);

        foreach (var migration in migrations.Where(m => m.Version > current))
        {
            await ApplyAsync(connection, migration, cancellationToken);
        }
    }

    private async Task ApplyAsync(SqliteConnection connection, SchemaMigration migration, CancellationToken cancellationToken)
    {
        // IMMEDIATE takes the write lock now, so a second process waits here instead of failing half-way.
        await using var transaction = connection.BeginTransaction(deferred: false);
        var current = await connection.ExecuteScalarAsync<int>(new CommandDefinition(CurrentVersion, transaction: transaction, cancellationToken: cancellationToken));
        if (current >= migration.Version)
        {
            return;
        }

        await connection.ExecuteAsync(new CommandDefinition(migration.Sql, transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO schema_version (version, name, applied_at) VALUES (@Version, @Name, @AppliedAt)",
            new { migration.Version, migration.Name, AppliedAt = StoredTime.ToText(time.GetUtcNow()) },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Applied schema migration {Migration} to {Database}", migration.Name, database.DisplayName);
    }
}
