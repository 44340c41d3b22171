using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Storage;

/// <summary>One migration list, each provider's SQL: the same versions everywhere, PostgreSQL's lock, old SQLite files.</summary>
public sealed class ProviderMigrationTests
{
    private static readonly string[] Tables = ["schema_version", "account_links", "oauth_states", "post_ledger", "data_protection_keys", "sandbox_tokens", "sandbox_posts", "user_settings", "scheduled_posts"];

    private static IEnumerable<int> EmbeddedVersions => Enumerable.Range(1, SchemaMigration.LatestVersion);

    [Fact]
    public void MigrationLists_HaveTheSameVersionsAndNamesOnEveryProvider()
    {
        var sqlite = SchemaMigration.LoadEmbedded(StorageProvider.Sqlite).Select(m => (m.Version, m.Name));
        var postgres = SchemaMigration.LoadEmbedded(StorageProvider.PostgreSQL).Select(m => (m.Version, m.Name));

        Assert.Equal(sqlite, postgres);
        Assert.Equal(Enumerable.Range(1, sqlite.Count()), sqlite.Select(m => m.Version));
        Assert.Equal(SchemaMigration.LatestVersion, sqlite.Last().Version);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Migrate_NewDatabase_CreatesEveryTableAndRecordsEveryVersion(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        foreach (var table in Tables)
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table} WHERE 1 = 0"));
        }

        var versions = await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version");
        Assert.Equal(EmbeddedVersions, versions);
    }

    [PostgresFact]
    public async Task Migrate_TwoReplicasStartingTogether_ApplyEachVersionOnce()
    {
        await using var storage = await TempStorage.CreateUnmigratedAsync(StorageProvider.PostgreSQL);
        var first = storage.Start().GetRequiredService<ISchemaMigrator>();
        var second = storage.Start().GetRequiredService<ISchemaMigrator>();

        // Without the advisory lock the loser fails on CREATE TABLE (or on schema_version's primary key).
        await Task.WhenAll(
            Task.Run(() => first.MigrateAsync(CancellationToken.None)),
            Task.Run(() => second.MigrateAsync(CancellationToken.None)));

        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        var versions = await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version");
        Assert.Equal(EmbeddedVersions, versions);
    }

    [PostgresFact]
    public async Task Migrate_PostgresDatabaseNewerThanCode_RefusesWithClearMessage()
    {
        await using var storage = await TempStorage.CreateAsync(StorageProvider.PostgreSQL);
        await using (var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future', '2030-01-01T00:00:00.0000000Z')");
        }

        var error = await Assert.ThrowsAsync<BotStartupException>(() => storage.Get<ISchemaMigrator>().MigrateAsync(CancellationToken.None));

        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Migrate_SqliteFileOfTheBuildBeforeProviders_KeepsItsRowsAndVersions()
    {
        await using var storage = await TempStorage.CreateUnmigratedAsync(StorageProvider.Sqlite);
        Directory.CreateDirectory(Path.GetDirectoryName(storage.DatabasePath)!);

        // What that build left: its only script under its name, recorded in schema_version, and a post.
        await using (var old = new SqliteConnection(storage.ConnectionString))
        {
            await old.OpenAsync();
            await old.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            await old.ExecuteAsync(SchemaMigration.LoadEmbedded(StorageProvider.Sqlite)[0].Sql);
            await old.ExecuteAsync("INSERT INTO schema_version VALUES (1, '0001_initial', '2026-01-01T00:00:00.0000000Z')");
            await old.ExecuteAsync("""
                INSERT INTO post_ledger (platform, chat_id, message_id, user_id, text, created_at, updated_at)
                VALUES ('telegram', 'c', 'm', 'u', 'kept', '2026-01-01T00:00:00.0000000Z', '2026-01-01T00:00:00.0000000Z')
                """);
        }

        await storage.Start().GetRequiredService<ISchemaMigrator>().MigrateAsync(CancellationToken.None);

        Assert.Equal("kept", (await storage.Get<IPostLedger>().FindAsync("telegram", "c", "m", CancellationToken.None))?.Text);
        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        var names = await connection.QueryAsync<string>("SELECT name FROM schema_version ORDER BY version");
        Assert.Equal(SchemaMigration.LoadEmbedded(StorageProvider.Sqlite).Select(m => m.Name), names);
    }
}
