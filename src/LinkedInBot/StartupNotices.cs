using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Web;
using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// Lines an operator needs at start-up about how the host was composed: a bot that serves no chat platform (it is
/// "healthy" while nobody can reach it), and a <c>Bot:PublicBaseUrl</c> that names this machine on a port the bot does
/// not listen on (every callback and sandbox URL would lead nowhere).
/// </summary>
internal sealed class StartupNotices(
    IEnumerable<IChatNotifier> platforms,
    IOptions<BotOptions> bot,
    IConfiguration configuration,
    ILogger<StartupNotices> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!platforms.Any())
        {
            logger.LogWarning(
                "No chat platform is configured, so nobody can talk to this bot: set Telegram:BotToken, or Discord:ApplicationId and Discord:PublicKey, or Console:Enabled=true (see README.md).");
        }

        var urls = ListenUrls.Of(configuration);
        if (!string.IsNullOrEmpty(configuration[$"{BotOptions.Section}:{nameof(BotOptions.PublicBaseUrl)}"])
            && ListenUrls.PointsNowhereLocal(bot.Value.PublicBaseUrl, urls))
        {
            logger.LogWarning(
                "Bot:PublicBaseUrl ({PublicBaseUrl}) names this machine on a port the bot does not listen on (Urls {Urls}): the sign-in callback and sandbox links lead nowhere. Remove Bot:PublicBaseUrl (it then follows Urls) or make the two agree.",
                bot.Value.PublicBaseUrl, urls);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
