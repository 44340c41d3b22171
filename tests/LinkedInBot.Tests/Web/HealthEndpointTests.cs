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
        Assert.Equal("""{"status":"healthy","storage":"ok"}""", body);
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
        Assert.Equal("""{"status":"unhealthy","storage":"unreachable"}""", body);
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
            Assert.Equal("""{"status":"healthy","storage":"ok"}""", await response.Content.ReadAsStringAsync());
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
