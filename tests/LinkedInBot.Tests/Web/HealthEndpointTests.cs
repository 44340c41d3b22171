using System.Net;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Configuration;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

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

    private static Task<RunningBot> StartAsync() =>
        RunningBot.StartAsync(settings =>
        {
            settings["LinkedIn:ClientId"] = "health-test-client";
            settings["LinkedIn:ClientSecret"] = ClientSecret;
        });
}
