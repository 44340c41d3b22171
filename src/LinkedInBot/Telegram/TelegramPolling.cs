using System.Net;
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
                Batch batch;
                try
                {
                    batch = await GetBatchAsync(offset, settings.PollTimeoutSeconds, stoppingToken);
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

                foreach (var update in batch.Updates)
                {
                    // Waits while the dispatcher is full: Telegram keeps the rest until we ask again.
                    await dispatcher.EnqueueAsync(update, stoppingToken);
                    offset = update.Id + 1;
                }

                // Past skipped unreadable updates too, also after the last readable one.
                offset = Math.Max(offset, batch.NextOffset);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await dispatcher.DrainAsync(settings.ShutdownGracePeriod);
        await ConfirmFinishedAsync(offset, confirmed);
    }

    /// <summary>
    /// One getUpdates. Telegram.Bot reads the answer as a whole, so a single update it cannot read (an object kind
    /// newer than this library version) fails the batch, and asking again with the same offset would fail the same
    /// way until Telegram drops the update a day later, serving nobody meanwhile. Then the same batch is fetched
    /// again as raw JSON and read update by update; those that cannot be read are skipped (logged by update_id
    /// only: the body is a user's message) and the offset moves past them.
    /// </summary>
    private async Task<Batch> GetBatchAsync(int offset, int timeoutSeconds, CancellationToken cancellationToken)
    {
        try
        {
            var updates = await clients.Polling.GetUpdates(offset, 100, timeoutSeconds, AllowedUpdates, cancellationToken);
            return new Batch(updates, offset);
        }
        catch (RequestException e) when (e is not ApiRequestException && e.HttpStatusCode == HttpStatusCode.OK)
        {
            // Telegram answered, the library could not read the answer: JsonException ("Unknown type: …") or
            // ArgumentOutOfRangeException (a date past year 9999) inside, measured.
            logger.LogWarning("Telegram.Bot could not read a batch of updates ({Error}); reading them one by one.", TelegramErrors.Describe(e));
        }

        var readable = new List<Update>();
        var next = offset;
        foreach (var json in await clients.GetRawUpdatesAsync(offset, 100, AllowedUpdates, cancellationToken))
        {
            var update = TelegramUpdateReader.TryRead(json, out var problem);
            var id = update?.Id ?? TelegramUpdateReader.IdOf(json);
            if (id is { } known)
            {
                next = Math.Max(next, known + 1);
            }

            if (update is null)
            {
                logger.LogWarning("Telegram update {UpdateId} could not be read by this Telegram.Bot version ({Problem}) and is skipped.", id, problem);
                continue;
            }

            readable.Add(update);
        }

        return new Batch([.. readable], next);
    }

    /// <summary>
    /// Confirms what was accepted since the last poll, so it is not delivered again at the next start — but not
    /// past an update that did not finish (still running, never started, or cancelled by shutdown): that one comes
    /// back, and with it those after it. (The loop confirms each batch as soon as it asks for the next, so this
    /// matters for the batch being taken in when polling paused on a full dispatcher; an update of an earlier batch
    /// cut off by shutdown is lost unless it was a post, which the core's ledger finishes at the next start.)
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

    /// <summary>The updates to hand on, and the offset that confirms the whole batch, skipped ones included.</summary>
    private sealed record Batch(Update[] Updates, int NextOffset);
}
