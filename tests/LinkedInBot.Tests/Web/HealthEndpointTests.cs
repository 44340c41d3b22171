using System.Net;
using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Configuration;
using Microsoft.Data.Sqlite;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Web;

/// <summary><c>GET /healthz</c> on the real host: what Docker's HEALTHCHECK and uptime monitors see.</summary>
public sealed class HealthEndpointTests
{
    private const string ClientSecret = "health-test-client-secret-0f3a9c";

    [Fact]
    public async Task Healthz_WithAWorkingDatabase_Answers200HealthyJson()
    {
        await using var bot = await StartAsync();

        using var response = await bot.Http.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"healthy","storage":"ok","keyRing":"ok"}""", body);
    }

    [Fact]
    public async Task Healthz_RevealsNoSettingPathOrVersion()
    {
        await using var bot = await StartAsync();
        var databaseFile = bot.App.Services.GetRequiredService<SqliteDatabase>().FilePath!;

        using var response = await bot.Http.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain(ClientSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Path.GetFileName(databaseFile), body, StringComparison.Ordinal);
        Assert.DoesNotContain("linkedinbot-tests", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WhenTheDatabaseFileCannotBeOpened_Answers503()
    {
        await using var bot = await StartAsync();
        var databaseFile = bot.App.Services.GetRequiredService<SqliteDatabase>().FilePath!;
        using (var before = await bot.Http.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Pooled connections would keep the old file open; a directory where the file was cannot be opened
        // by anyone, root included (unlike a permission change).
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }

        Directory.CreateDirectory(databaseFile);

        using var response = await bot.Http.GetAsync("/healthz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unhealthy","storage":"unreachable","keyRing":"ok"}""", body);
    }

    public static TheoryData<string, string> UnwritableDatabases => new()
    {
        // A full disk: SQLite cannot grow the file past max_page_count, which a value below the file's size sets to that size.
        { "PRAGMA max_page_count = 1", "full" },

        // A read-only file (root, who runs CI, cannot get one from permissions): SQLite refuses every write the same way.
        { "PRAGMA query_only = ON", "read-only" },
    };

    [Theory]
    [MemberData(nameof(UnwritableDatabases))]
    public async Task Healthz_WhenTheDatabaseCannotBeWritten_Answers503WithTheReason(string pragma, string reason)
    {
        await using var bot = await StartAsync();
        bot.App.Services.GetRequiredService<SqliteDatabase>().PragmasForTests = pragma;

        using var response = await bot.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal($$"""{"status":"unhealthy","storage":"{{reason}}","keyRing":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Healthz_WhileAnotherProcessHoldsTheWriteLockPastTheBusyTimeout_Answers503Locked()
    {
        await using var bot = await RunningBot.StartAsync(settings =>
        {
            settings["LinkedIn:ClientId"] = "health-test-client";
            settings["LinkedIn:ClientSecret"] = ClientSecret;
            settings["Storage:ConnectionString"] += ";Default Timeout=1";
        });
        var file = bot.App.Services.GetRequiredService<SqliteDatabase>().FilePath!;
        await using var other = new SqliteConnection($"Data Source={file};Pooling=False");
        await other.OpenAsync();
        await using var held = other.BeginTransaction(deferred: false);

        using var response = await bot.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unhealthy","storage":"locked","keyRing":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null, 5)]
    [InlineData(";Default Timeout=2", 2)]
    public async Task Connections_WaitForALockAsLongAsTheBusyTimeout_NotTheProvidersThirtySeconds(string? extra, int seconds)
    {
        using var folder = new TempDirectory();
        var database = new SqliteDatabase(
            Options.Create(new StorageOptions { ConnectionString = $"Data Source={folder.DatabaseFile}{extra}" }),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<SqliteDatabase>.Instance);

        await using var connection = await database.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";

        // Microsoft.Data.Sqlite retries a busy statement until its command timeout, SQLite until busy_timeout: both the same.
        var busy = (long)(await command.ExecuteScalarAsync())!;
        Assert.True(seconds * 1000L == busy, $"busy_timeout {busy}");
        Assert.Equal(seconds, connection.DefaultTimeout);
        Assert.Equal(seconds, command.CommandTimeout);
        SqliteConnection.ClearAllPools();
    }

    [PostgresFact]
    public async Task ProbeWrite_OnPostgreSQL_WhenTheServerAcceptsNoWrites_SaysReadOnly()
    {
        var (connectionString, schema) = await PostgresServer.CreateSchemaAsync();
        try
        {
            // What a standby or a read-only role looks like to the bot, without changing the shared test server.
            var readOnly = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Options = "-c default_transaction_read_only=on" };
            await using var database = new PostgresDatabase(
                Options.Create(new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = readOnly.ConnectionString }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresDatabase>.Instance);
            await using var writable = new PostgresDatabase(
                Options.Create(new StorageOptions { Provider = StorageProvider.PostgreSQL, ConnectionString = connectionString }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<PostgresDatabase>.Instance);

            Assert.Equal("read-only", (await database.ProbeWriteAsync(CancellationToken.None)).State);
            Assert.Equal("ok", (await writable.ProbeWriteAsync(CancellationToken.None)).State);
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(schema);
        }
    }

    [PostgresFact]
    public async Task Healthz_OnPostgreSQL_ChecksThatServer()
    {
        var (connectionString, schema) = await PostgresServer.CreateSchemaAsync();
        try
        {
            await using var bot = await RunningBot.StartAsync(settings =>
            {
                settings["Storage:Provider"] = "PostgreSQL";
                settings["Storage:ConnectionString"] = connectionString;
            });

            using var response = await bot.Http.GetAsync("/healthz");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("""{"status":"healthy","storage":"ok","keyRing":"ok"}""", await response.Content.ReadAsStringAsync());
            Assert.IsType<PostgresDatabase>(bot.App.Services.GetRequiredService<IStorageDatabase>());
        }
        finally
        {
            await PostgresServer.DropSchemaAsync(schema);
        }
    }

    [Fact]
    public async Task CanConnect_PostgreSQLServerNotListening_IsFalseAndLogsNoPassword()
    {
        var logs = new CapturedLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var options = Options.Create(new StorageOptions
        {
            Provider = StorageProvider.PostgreSQL,
            ConnectionString = $"Host=127.0.0.1;Port={FreePort.Next()};Username=bot;Password=pg-health-pass-81c2;Timeout=3",
        });
        await using var database = new PostgresDatabase(options, factory.CreateLogger<PostgresDatabase>());

        Assert.False(await database.CanConnectAsync(CancellationToken.None));
        Assert.NotEmpty(logs.Entries);
        logs.AssertNoneContain("pg-health-pass-81c2");
    }

    private static Task<RunningBot> StartAsync() =>
        RunningBot.StartAsync(settings =>
        {
            settings["LinkedIn:ClientId"] = "health-test-client";
            settings["LinkedIn:ClientSecret"] = ClientSecret;
        });
}
