using LinkedInBot.Core;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Configuration;

/// <summary>Telegram's concurrency and shutdown keys became Bot:* keys; old configurations keep working, with a warning.</summary>
public sealed class MovedSettingsTests
{
    [Fact]
    public async Task OldTelegramKeys_StillTakeEffect_AndStartUpWarnsNamingTheNewKeys()
    {
        var logs = new CapturedLogs();
        await using var bot = await RunningBot.StartAsync(
            settings =>
            {
                settings["Telegram:BotToken"] = "123456789:AAEfakefakefakefakefakefakefakefake";
                settings["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}";
                settings["Telegram:MaxConcurrentChats"] = "7";
                settings["Telegram:ShutdownGracePeriod"] = "00:00:03";
                settings["Telegram:MaxPendingUpdates"] = "10";
            },
            builder => builder.Logging.AddProvider(logs));

        var options = bot.App.Services.GetRequiredService<IOptions<BotOptions>>().Value;
        Assert.Equal(7, options.MaxConcurrentChats);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ShutdownGracePeriod);
        Assert.Contains(logs.Lines, l => l.Contains("Telegram:MaxConcurrentChats is now Bot:MaxConcurrentChats", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Telegram:ShutdownGracePeriod is now Bot:ShutdownGracePeriod", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains("Telegram:MaxPendingUpdates is no longer used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewKey_WinsOverTheOldOne()
    {
        await using var bot = await RunningBot.StartAsync(settings =>
        {
            settings["Telegram:BotToken"] = "123456789:AAEfakefakefakefakefakefakefakefake";
            settings["Telegram:ApiBaseUrl"] = $"http://127.0.0.1:{FreePort.Next()}";
            settings["Telegram:MaxConcurrentChats"] = "7";
            settings["Bot:MaxConcurrentChats"] = "12";
        });

        Assert.Equal(12, bot.App.Services.GetRequiredService<IOptions<BotOptions>>().Value.MaxConcurrentChats);
    }
}
