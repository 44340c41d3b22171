using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>
/// <c>Telegram:Mode=Polling</c>: one long-poll loop that only hands updates to the dispatcher. Written by hand
/// because Telegram.Bot's receiver runs one handler at a time across all chats and retries a failing
/// getUpdates with no delay (6,442 error callbacks in 1 s against a 409, measured).
/// </summary>
internal sealed class TelegramPolling(
    TelegramClients clients,
    TelegramBotSetup setup,
    TelegramUpdateDispatcher dispatcher,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<TelegramPolling> logger) : BackgroundService
{
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var offset = 0;
        int? confirmed = null;
        try
        {
            await setup.RunAsync(stoppingToken);

            // getUpdates and a webhook exclude each other (409): polling mode takes the bot over.
            await setup.RetryAsync("deleteWebhook", async ct =>
            {
                await clients.Api.DeleteWebhook(cancellationToken: ct);
                return true;
            }, stoppingToken);

            // Not setup.RetryAsync: this loop never ends, starts over after every answer, and meets a webhook's
            // 409 by deleting the webhook; only the back-off between failures is the same.
            var backoff = new TelegramBackoff(settings);
            while (!stoppingToken.IsCancellationRequested)
            {
                Update[] updates;
                try
                {
                    updates = await clients.Polling.GetUpdates(offset, 100, settings.PollTimeoutSeconds, AllowedUpdates, stoppingToken);
                    confirmed = offset;
                    backoff.Reset();
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    // Never a hot loop: 409 (another instance or a webhook), 5xx and network errors all wait.
                    var wait = backoff.After(e);
                    logger.LogWarning("Telegram getUpdates failed: {Error}; polling again in {Wait}.", TelegramErrors.Describe(e), wait);
                    if (e is ApiRequestException { ErrorCode: 409 } conflict && conflict.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
                    {
                        await TryDeleteWebhookAsync(stoppingToken);
                    }

                    await Task.Delay(wait, time, stoppingToken);
                    continue;
                }

                foreach (var update in updates)
                {
                    // Waits while the dispatcher is full: Telegram keeps the rest until we ask again.
                    await dispatcher.EnqueueAsync(update, stoppingToken);
                    offset = update.Id + 1;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await dispatcher.DrainAsync(settings.ShutdownGracePeriod);
        await ConfirmFinishedAsync(offset, confirmed);
    }

    /// <summary>
    /// Confirms what was accepted since the last poll, so it is not delivered again at the next start — but not
    /// past an update that did not finish: that one comes back. (The loop confirms each batch as soon as it asks
    /// for the next; an update of such a batch cut off by shutdown is lost unless it was a post, which the core's
    /// ledger finishes at the next start.)
    /// </summary>
    private async Task ConfirmFinishedAsync(int offset, int? confirmed)
    {
        var upTo = dispatcher.LowestUnfinishedUpdateId ?? offset;
        if (upTo == 0 || upTo <= confirmed)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await clients.Polling.GetUpdates(upTo, 1, 0, AllowedUpdates, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not confirm handled Telegram updates at shutdown ({Error}); some may be delivered again.", TelegramErrors.Describe(e));
        }
    }

    private async Task TryDeleteWebhookAsync(CancellationToken cancellationToken)
    {
        try
        {
            await clients.Api.DeleteWebhook(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("deleteWebhook failed: {Error}.", TelegramErrors.Describe(e));
        }
    }
}
