using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Configuration;

/// <summary>Hosted services stop one after another: the host's stop budget must cover every adapter's grace.</summary>
public sealed class ShutdownTimeTests
{
    [Fact]
    public async Task Host_AllowsTheJobRunnersGracePeriod_PlusTimeToReleaseItsLeases()
    {
        using var folder = new TempDirectory();
        var settings = RunningBot.BaseSettings(folder);
        settings["Telegram:BotToken"] = "123456789:AAEfakefakefakefakefakefakefakefake";
        settings["Bot:ShutdownGracePeriod"] = "00:00:40";
        settings["Discord:ApplicationId"] = "1234567890";
        settings["Discord:PublicKey"] = "b6a9d84f2c1e0a7e5d3c9b8a7f6e5d4c3b2a19087f6e5d4c3b2a1908f7e6d5c4";
        settings["Discord:BotToken"] = "discord-bot-token";
        await using var app = RunningBot.Build(settings);

        var timeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        // The runner drains for 40 s, then releases its leases; Telegram's poller confirms what it stored.
        Assert.True(timeout >= TimeSpan.FromSeconds(40 + 10), $"ShutdownTimeout is {timeout}");
    }
}
