using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Configuration;

/// <summary>Hosted services stop one after another: the host's stop budget must cover every adapter's grace.</summary>
public sealed class ShutdownTimeTests
{
    [Fact]
    public async Task Host_WithTelegramAndDiscord_AllowsBothGracePeriodsOneAfterTheOther()
    {
        using var folder = new TempDirectory();
        var settings = RunningBot.BaseSettings(folder);
        settings["Telegram:BotToken"] = "123456789:AAEfakefakefakefakefakefakefakefake";
        settings["Telegram:ShutdownGracePeriod"] = "00:00:20";
        settings["Discord:ApplicationId"] = "1234567890";
        settings["Discord:PublicKey"] = "b6a9d84f2c1e0a7e5d3c9b8a7f6e5d4c3b2a19087f6e5d4c3b2a1908f7e6d5c4";
        settings["Discord:BotToken"] = "discord-bot-token";
        await using var app = RunningBot.Build(settings);

        var timeout = app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;

        // Telegram: 20 s grace + 15 s to confirm; Discord: 20 s grace + 5 s.
        Assert.True(timeout >= TimeSpan.FromSeconds(20 + 15 + 20 + 5), $"ShutdownTimeout is {timeout}");
    }
}
