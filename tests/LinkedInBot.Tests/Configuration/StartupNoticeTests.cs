using LinkedInBot.Core;
using LinkedInBot.Tests.Support;
using LinkedInBot.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Configuration;

/// <summary>Issue 16 §5: Bot:PublicBaseUrl follows Urls, and the start-up says what an operator would otherwise miss.</summary>
public sealed class StartupNoticeTests
{
    [Theory]
    [InlineData("http://+:8080", "http://localhost:8080")]
    [InlineData("http://*:8080;http://localhost:9000", "http://localhost:8080")]
    [InlineData("http://0.0.0.0:5081", "http://localhost:5081")]
    [InlineData("http://[::]:5081", "http://localhost:5081")]
    [InlineData("https://bot.internal:8443", "https://bot.internal:8443")]
    [InlineData("http://127.0.0.1:0", null)]
    [InlineData("notaurl", null)]
    public void PublicBaseUrl_IsTheFirstListenAddressAsThisMachineReachesIt(string urls, string? expected) =>
        Assert.Equal(expected, ListenUrls.PublicBaseUrlFor(urls));

    [Fact]
    public async Task OnlyUrlsChanged_ThePublicBaseUrlAndTheSandboxFollow()
    {
        var port = FreePort.Next();
        await using var bot = await RunningBot.StartAsync(settings => settings["Urls"] = $"http://127.0.0.1:{port}");

        Assert.Equal($"http://127.0.0.1:{port}", bot.App.Services.GetRequiredService<IOptions<BotOptions>>().Value.PublicBaseUrl);
        Assert.StartsWith($"http://127.0.0.1:{port}/sandbox/linkedin", bot.App.Services.GetRequiredService<IOptions<LinkedInOptions>>().Value.ApiBaseUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublicBaseUrlOnThisMachineOnAnotherPort_IsWarnedAbout_AndOneBehindAProxyIsNot()
    {
        var port = FreePort.Next();
        var logs = await StartupWarningsAsync(settings =>
        {
            settings["Urls"] = $"http://127.0.0.1:{port}";
            settings["Bot:PublicBaseUrl"] = "http://localhost:5080";
        });
        var proxied = await StartupWarningsAsync(settings =>
        {
            settings["Urls"] = $"http://127.0.0.1:{FreePort.Next()}";
            settings["Bot:PublicBaseUrl"] = "https://bot.example.com";
        });

        Assert.Contains(logs, line => line.Contains("Bot:PublicBaseUrl (http://localhost:5080) names this machine on a port", StringComparison.Ordinal));
        Assert.DoesNotContain(proxied, line => line.Contains("Bot:PublicBaseUrl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoChatPlatform_IsSaidAtStartUp()
    {
        var warnings = await StartupWarningsAsync(_ => { });

        Assert.Contains(warnings, line => line.StartsWith("No chat platform is configured, so nobody can talk to this bot", StringComparison.Ordinal));
    }

    private static async Task<IReadOnlyList<string>> StartupWarningsAsync(Action<Dictionary<string, string?>> settings)
    {
        var logs = new CapturedLogs();
        await using (var bot = await RunningBot.StartAsync(settings, builder => builder.Logging.AddProvider(logs)))
        {
        }

        return logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Category == typeof(StartupNotices).FullName).Select(e => e.Text).ToList();
    }
}
