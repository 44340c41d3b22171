using Dapper;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Tests.Storage;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrate_OnNewDatabase_CreatesFolderTablesAndVersion()
    {
        await using var storage = await TempStorage.CreateAsync();

        Assert.True(File.Exists(storage.DatabasePath));
        await using var connection = await storage.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table'")).ToHashSet();
        Assert.Superset(new HashSet<string> { "schema_version", "account_links", "oauth_states", "post_ledger" }, tables);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_version ORDER BY version")).ToList();
        Assert.Equal(1, versions[0]);
        Assert.Equal(SchemaMigration.LatestVersion, versions[^1]);
    }

    [Fact]
    public async Task Migrate_RunAgainAndAfterRestart_ChangesNothing()
    {
        await using var storage = await TempStorage.CreateAsync();
        await storage.Get<ISchemaMigrator>().MigrateAsync(CancellationToken.None);
        storage.Start();
        await storage.Get<ISchemaMigrator>().MigrateAsync(CancellationToken.None);

        await using var connection = await storage.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);
        var rows = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version");
        var distinct = await connection.ExecuteScalarAsync<long>("SELECT COUNT(DISTINCT version) FROM schema_version");
        Assert.Equal(distinct, rows);
        Assert.Equal(SchemaMigration.LatestVersion, (int)rows);
    }

    [Fact]
    public async Task Migrate_WhenDatabaseIsNewerThanCode_RefusesWithClearMessage()
    {
        await using var storage = await TempStorage.CreateAsync();
        await using (var connection = await storage.Get<SqliteDatabase>().OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, '9999_future', '2030-01-01T00:00:00.0000000Z')");
        }

        var error = await Assert.ThrowsAsync<LinkedInBot.Core.BotStartupException>(() => storage.Get<ISchemaMigrator>().MigrateAsync(CancellationToken.None));

        Assert.Contains("9999", error.Message, StringComparison.Ordinal);
        Assert.Contains("newer", error.Message, StringComparison.Ordinal);
        Assert.Contains(storage.DatabasePath, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_AfterMigration_UsesWalForeignKeysAndBusyTimeout()
    {
        await using var storage = await TempStorage.CreateAsync();

        await using var connection = await storage.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.True(await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout") >= 1000);
    }

    [Fact]
    public async Task HostStart_RunsMigrationBeforeOtherHostedServices()
    {
        await using var storage = await TempStorage.CreateAsync();
        var fresh = Path.Combine(storage.Root, "hosted", "fresh.db");
        using var host = Host.CreateDefaultBuilder()
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={fresh}",
                ["Storage:KeysDirectory"] = storage.KeysDirectory,
            }))
            .ConfigureServices(services => services
                .AddHostedService<LedgerReadingService>()
                .AddLinkedInBotStorage())
            .Build();

        // The reading service was registered first but must still find the tables.
        await host.StartAsync();
        await host.StopAsync();

        Assert.IsType<SchemaMigrationService>(host.Services.GetServices<IHostedService>().First());
    }

    [Fact]
    public async Task CanConnect_WhenDatabaseCannotBeOpened_ReturnsFalse()
    {
        await using var storage = await TempStorage.CreateAsync();
        Assert.True(await storage.Get<SqliteDatabase>().CanConnectAsync(CancellationToken.None));

        // A directory where the file should be: SQLite cannot open it.
        var blocked = Path.Combine(storage.Root, "blocked.db");
        Directory.CreateDirectory(blocked);
        var database = new SqliteDatabase(
            Microsoft.Extensions.Options.Options.Create(new LinkedInBot.Core.StorageOptions { ConnectionString = $"Data Source={blocked}" }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteDatabase>.Instance);

        Assert.False(await database.CanConnectAsync(CancellationToken.None));
    }

    [Fact]
    public void Resolve_InMemoryConnectionString_DoesNotTouchTheFileSystem()
    {
        var (connectionString, filePath) = SqliteDatabase.Resolve("Data Source=:memory:");

        Assert.Null(filePath);
        Assert.Contains(":memory:", connectionString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resolve_RelativePath_IsRelativeToCurrentDirectoryAndFolderIsCreated()
    {
        await using var storage = await TempStorage.CreateAsync();
        var target = Path.Combine(storage.Root, "relative", "bot.db");
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, target);
        Assert.False(Path.IsPathRooted(relative));

        var (connectionString, filePath) = SqliteDatabase.Resolve($"Data Source={relative}");

        Assert.Equal(target, filePath);
        Assert.Contains(target, connectionString, StringComparison.Ordinal);
        Assert.True(Directory.Exists(Path.GetDirectoryName(target)));
    }

    private sealed class LedgerReadingService(IPostLedger ledger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) => await ledger.GetUnfinishedAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
