using System.Net;
using System.Text.RegularExpressions;
using LinkedInBot.ConsoleChat;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// No Docker engine runs here, so the image's behaviour is pinned to settings the host tests cover: the ENV values
/// are read out of the Dockerfile and fed to the real host, with the volume mapped to a temp folder.
/// </summary>
public sealed partial class DockerfileTests
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load();

    [Fact]
    public void Environment_BindsAndValidates_AndKeepsItsListenAddress()
    {
        var settings = _dockerfile.EnvironmentAsConfiguration();

        using var app = RunningBot.Build(settings);
        app.ValidateConfiguration();

        // BotApp falls back to http://localhost:5080 (unreachable from outside a container) only when Urls is unset.
        Assert.Equal("http://+:8080", app.Configuration[WebHostDefaults.ServerUrlsKey]);
    }

    [Fact]
    public void Environment_WithoutAPublicBaseUrl_PrintsSandboxUrlsOnThePortTheImageListensOn()
    {
        var settings = _dockerfile.EnvironmentAsConfiguration();

        using var app = RunningBot.Build(settings);
        app.ValidateConfiguration();

        var bot = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LinkedInBot.Core.BotOptions>>().Value;
        Assert.Equal("http://localhost:8080", bot.PublicBaseUrl);
        Assert.Equal("http://localhost:8080/sandbox/feed", LinkedInBot.Sandbox.SandboxRegistration.FeedUrl(bot).AbsoluteUri);
    }

    [Fact]
    public void Publish_ShipsTheLinuxX64NativeLibrariesOnly()
    {
        // A portable publish carries SQLite's and libsodium's native builds for about 30 platforms (50 of 57 MB).
        var lines = RepositoryFiles.Read("Dockerfile").Split('\n').Where(line => line.StartsWith("RUN ", StringComparison.Ordinal)).ToList();
        var publish = Assert.Single(lines, line => line.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains("-r linux-x64", publish, StringComparison.Ordinal);
        Assert.Contains("--self-contained false", publish, StringComparison.Ordinal);
        Assert.Contains(lines, line => line.Contains("dotnet restore", StringComparison.Ordinal) && line.Contains("-r linux-x64", StringComparison.Ordinal));
    }

    [Fact]
    public void Environment_TurnsTheTerminalChatOff()
    {
        // Without a terminal the console chat reads end-of-input at once, and ending the chat stops the bot.
        var settings = _dockerfile.EnvironmentAsConfiguration();

        using var app = RunningBot.Build(settings);

        Assert.Equal("false", settings[ConsoleRegistration.EnabledKey]);
        Assert.DoesNotContain(app.Services.GetServices<IChatNotifier>(), n => n.Platform == ConsoleChatNotifier.PlatformName);
    }

    [Fact]
    public void Environment_PutsTheDatabaseAndTheKeyRingInTheVolume()
    {
        var volume = Assert.Single(_dockerfile.Volumes);
        var settings = _dockerfile.EnvironmentAsConfiguration();

        var database = new SqliteConnectionStringBuilder(settings["Storage:ConnectionString"]).DataSource;
        var keys = settings["Storage:KeysDirectory"];

        Assert.Equal("/data", volume);
        Assert.StartsWith(volume + "/", database, StringComparison.Ordinal);
        Assert.StartsWith(volume + "/", keys, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_OnTheRealHost_StoresEverythingUnderTheVolumeFolder_AndPassesTheHealthCheck()
    {
        using var volume = new TempDirectory();
        var mountPoint = Assert.Single(_dockerfile.Volumes);
        var settings = _dockerfile.EnvironmentAsConfiguration();
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Storage:", StringComparison.Ordinal)).ToList())
        {
            settings[key] = settings[key]!.Replace(mountPoint + "/", volume.Path + "/", StringComparison.Ordinal);
        }

        // Port 8080 on every interface is for the container; the test listens on a free loopback port.
        settings["Urls"] = "http://127.0.0.1:0";
        await using var bot = await RunningBot.StartAsync(settings);
        bot.App.Services.GetRequiredService<ITokenProtector>().Protect("forces the first key of the key ring");

        using var health = await bot.Http.GetAsync(HealthCheckUrl().PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(File.Exists(Path.Combine(volume.Path, "linkedinbot.db")), "the database is not in the volume");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(volume.Path, "keys"), "key-*.xml"));
        Assert.Equal(
            Path.GetFullPath(volume.Path),
            Path.GetDirectoryName(bot.App.Services.GetRequiredService<SqliteDatabase>().FilePath));
    }

    [Fact]
    public void HealthCheck_ProbesHealthzOnTheExposedPortTheHostListensOn()
    {
        var url = HealthCheckUrl();
        var listen = new Uri(_dockerfile.EnvironmentAsConfiguration()["Urls"]!.Replace("+", "localhost", StringComparison.Ordinal));

        Assert.Equal("/healthz", url.AbsolutePath);
        Assert.Equal(listen.Port, url.Port);
        Assert.Contains(listen.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), _dockerfile.ExposedPorts);
        Assert.Contains("--fail", _dockerfile.HealthCheck, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_RunsAsTheNonRootAppUser_WhoOwnsTheVolume()
    {
        Assert.Contains(_dockerfile.User, new[] { "$APP_UID", "app", "1654" });
        Assert.Contains(
            _dockerfile.RuntimeStage,
            i => i.Instruction == "RUN" && Regex.IsMatch(i.Arguments, @"chown\s+(-R\s+)?(app|\$APP_UID|1654)(:\S+)?\s+/data"));
    }

    [Fact]
    public void Image_BakesInNoSecret_AndTheBuildContextLeavesOutLocalData()
    {
        var text = RepositoryFiles.Read("Dockerfile");
        var ignore = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToList();

        Assert.DoesNotMatch(SecretSetting(), text);
        Assert.Contains("data/", ignore);
        Assert.Contains(".env", ignore);
        Assert.Contains("**/bin/", ignore);
        Assert.Contains("**/obj/", ignore);

        // dotnet run writes src/LinkedInBot/data/; environment settings files next to the project get published.
        Assert.Contains("**/data/", ignore);
        Assert.Contains("**/*.db", ignore);
        Assert.Contains("**/appsettings.*.json", ignore);
    }

    private Uri HealthCheckUrl()
    {
        var match = Regex.Match(_dockerfile.HealthCheck ?? string.Empty, @"https?://[^""\s]+");
        Assert.True(match.Success, "HEALTHCHECK names no URL");
        return new Uri(match.Value);
    }

    [GeneratedRegex(@"(?im)^\s*(ENV|ARG)\s.*(Secret|Token|Password|ClientId|PublicKey)")]
    private static partial Regex SecretSetting();
}
