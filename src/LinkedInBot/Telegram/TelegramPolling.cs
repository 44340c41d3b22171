using System.Net;
using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>
/// <c>Telegram:Mode=Polling</c>: one long-poll loop, in one replica at a time, that only stores updates as jobs. Written by hand
/// because Telegram.Bot's receiver runs one handler at a time across all chats and retries a failing
/// getUpdates with no delay (6,442 error callbacks in 1 s against a 409, measured).
/// </summary>
internal sealed class TelegramPolling(
    TelegramClients clients,
    TelegramBotSetup setup,
    TelegramUpdateIntake intake,
    ILeaseStore leases,
    ChatJobRunner runner,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    IOptions<BotOptions> botOptions,
    ILogger<TelegramPolling> logger) : BackgroundService
{
    // Edits of published posts and pressed buttons (issue 13) must be asked for, or Telegram does not send them.
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery];

    /// <summary>The lease that makes one replica the poller: Telegram allows one getUpdates at a time per bot (409).</summary>
    internal const string LeaderLease = "leader:telegram-polling";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var leaseTime = botOptions.Value.LeaseTimeout;
        var wasFollower = false;
        try
        {
            await setup.RunAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                bool leader;
                try
                {
                    leader = await leases.TryAcquireAsync(LeaderLease, runner.Owner, time.GetUtcNow(), leaseTime, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Could not ask the database who polls Telegram ({Error}); asking again shortly.", e.GetType().Name);
                    leader = false;
                }

                if (leader)
                {
                    logger.LogInformation("This replica polls Telegram for updates.");
                    wasFollower = false;
                    await PollWhileLeaderAsync(stoppingToken);
                    continue;
                }

                if (!wasFollower)
                {
                    logger.LogInformation("Another replica polls Telegram; this one takes over if it stops.");
                    wasFollower = true;
                }

                // A tenth of the lease: a dead poller is replaced within Bot:LeaseTimeout and a little more.
                await Task.Delay(leaseTime / 10, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// Polls while this replica holds the poller lease, renewing it every third of Bot:LeaseTimeout. When a renewal
    /// fails for half the lease time, or another replica holds the lease, the running getUpdates is cancelled at once:
    /// the lease can only pass on after it expired, so two replicas never poll at the same time.
    /// </summary>
    private async Task PollWhileLeaderAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        using var leadership = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewal = KeepLeadershipAsync(leadership);
        var offset = 0;
        int? confirmed = null;
        try
        {
            // getUpdates and a webhook exclude each other (409): polling mode takes the bot over.
            await setup.RetryAsync("deleteWebhook", async ct =>
            {
                await clients.Api.DeleteWebhook(cancellationToken: ct);
                return true;
            }, leadership.Token);

            // Not setup.RetryAsync: this loop never ends, starts over after every answer, and meets a webhook's
            // 409 by deleting the webhook; only the back-off between failures is the same.
            var backoff = new TelegramBackoff(settings);
            while (!leadership.IsCancellationRequested)
            {
                Batch batch;
                try
                {
                    batch = await GetBatchAsync(offset, settings.PollTimeoutSeconds, leadership.Token);
                    confirmed = offset;
                    backoff.Reset();
                }
                catch (Exception e) when (!leadership.IsCancellationRequested)
                {
                    // Never a hot loop: 409 (another instance or a webhook), 5xx and network errors all wait.
                    var wait = backoff.After(e);
                    logger.LogWarning("Telegram getUpdates failed: {Error}; polling again in {Wait}.", TelegramErrors.Describe(e), wait);
                    if (e is ApiRequestException { ErrorCode: 409 } conflict && conflict.Message.Contains("webhook", StringComparison.OrdinalIgnoreCase))
                    {
                        await TryDeleteWebhookAsync(leadership.Token);
                    }

                    await Task.Delay(wait, time, leadership.Token);
                    continue;
                }

                if (await AcceptAllAsync(batch, leadership.Token) is { } notStored)
                {
                    // Stored up to the one that failed: the next poll starts there, so Telegram hands the rest again.
                    offset = notStored;
                    await Task.Delay(settings.PollErrorBackoff, time, leadership.Token);
                    continue;
                }

                // Past skipped unreadable updates too, also after the last readable one.
                offset = Math.Max(batch.Updates.Length > 0 ? batch.Updates[^1].Id + 1 : offset, batch.NextOffset);
            }
        }
        catch (OperationCanceledException) when (leadership.IsCancellationRequested)
        {
        }
        finally
        {
            await leadership.CancelAsync();
            await renewal.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        // Every update before the offset is stored: confirm them, so they are not delivered again. Still the poller
        // (a shutdown), or the lease is gone and another replica polls: then it confirms them itself.
        if (stoppingToken.IsCancellationRequested)
        {
            await ConfirmAsync(offset, confirmed);
            await ReleaseLeadershipAsync();
        }
    }

    /// <summary>Stores each update as a job, in order. Returns the id of the first one that could not be stored, if any.</summary>
    private async Task<int?> AcceptAllAsync(Batch batch, CancellationToken cancellationToken)
    {
        foreach (var update in batch.Updates)
        {
            try
            {
                await intake.AcceptAsync(update, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("Telegram update {UpdateId} could not be stored ({Error}); it is fetched again.", update.Id, e.GetType().Name);
                return update.Id;
            }
        }

        return null;
    }

    private async Task KeepLeadershipAsync(CancellationTokenSource leadership)
    {
        var leaseTime = botOptions.Value.LeaseTimeout;
        var lastRenewed = time.GetUtcNow();

        // A deadline that does not depend on this loop running on time (a starved thread pool delays it): polling
        // stops half a lease after the last renewal, well before another replica may take the lease over.
        leadership.CancelAfter(leaseTime / 2);
        while (!leadership.IsCancellationRequested)
        {
            await Task.Delay(leaseTime / 3, time, leadership.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (leadership.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (!await leases.TryAcquireAsync(LeaderLease, runner.Owner, time.GetUtcNow(), leaseTime, leadership.Token))
                {
                    logger.LogWarning("Another replica took over polling Telegram; this one stops polling.");
                    await leadership.CancelAsync();
                    return;
                }

                lastRenewed = time.GetUtcNow();
                if (!leadership.IsCancellationRequested)
                {
                    leadership.CancelAfter(leaseTime / 2);
                }
            }
            catch (Exception e) when (!leadership.IsCancellationRequested)
            {
                if (time.GetUtcNow() - lastRenewed >= leaseTime / 2)
                {
                    logger.LogWarning("Could not renew the Telegram poller lease ({Error}); stopping polling before another replica may start.", e.GetType().Name);
                    await leadership.CancelAsync();
                    return;
                }
            }
        }
    }

    private async Task ReleaseLeadershipAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAsync(LeaderLease, runner.Owner, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogDebug("Could not release the Telegram poller lease ({Error}); it expires by itself.", e.GetType().Name);
        }
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
    /// Confirms every stored update at shutdown (the loop confirms each batch as soon as it asks for the next), so
    /// they are not delivered again at the next start.
    /// </summary>
    private async Task ConfirmAsync(int offset, int? confirmed)
    {
        if (offset == 0 || offset <= confirmed)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await clients.Polling.GetUpdates(offset, 1, 0, AllowedUpdates, timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not confirm stored Telegram updates at shutdown ({Error}); they are delivered again and recognised as received.", TelegramErrors.Describe(e));
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
