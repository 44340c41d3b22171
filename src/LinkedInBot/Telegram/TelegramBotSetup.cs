using LinkedInBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace LinkedInBot.Telegram;

/// <summary>
/// The start-up calls both modes need: getMe (our username, for group addressing) and setMyCommands
/// (the command menu). Telegram being unreachable at start must not stop the host (the OAuth callback and
/// other adapters still work), so each call is retried with back-off until it succeeds or the host stops.
/// </summary>
internal sealed class TelegramBotSetup(
    TelegramClients clients,
    TelegramBotIdentity identity,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    IOptions<Core.LinkedInOptions> linkedIn,
    ILogger<TelegramBotSetup> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var me = await RetryAsync("getMe", ct => clients.Api.GetMe(ct), cancellationToken);
        identity.Set(me.Username ?? string.Empty);
        logger.LogInformation("Telegram bot @{Username} (id {BotId}) connected.", me.Username, me.Id);

        // The page commands only where pages are on: a members-only install's menu stays as it was.
        var commands = ChatCommandParser.Menu
            .Where(c => linkedIn.Value.EnablePages || !ChatCommandParser.PageCommands.Contains(c.Name))
            .Select(c => new BotCommand(c.Name, c.Description))
            .ToList();
        await RetryAsync("setMyCommands", async ct =>
        {
            await clients.Api.SetMyCommands(commands, cancellationToken: ct);
            return true;
        }, cancellationToken);
    }

    /// <summary>Retries <paramref name="call"/> with exponential back-off (capped), honouring retry_after.</summary>
    public async Task<T> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var backoff = new TelegramBackoff(options.Value);
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                var wait = backoff.After(e);
                if (e is ApiRequestException { ErrorCode: 401 or 404 })
                {
                    // 401 (and 404 on some servers) mean the token is wrong: no point hammering, but keep trying slowly
                    // so fixing a revoked token at BotFather does not need a restart.
                    wait = options.Value.MaxPollErrorBackoff;
                    logger.LogError("Telegram refused {Call}: {Error}. Check Telegram:BotToken.", what, TelegramErrors.Describe(e));
                }
                else
                {
                    logger.LogWarning("Telegram {Call} failed: {Error}; retrying in {Wait}.", what, TelegramErrors.Describe(e), wait);
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }
    }
}
