using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// Runs the stored jobs of every adapter: one chat strictly in order, different chats in parallel up to
/// <c>Bot:MaxConcurrentChats</c> (grammY's <c>sequentialize</c>, made durable and shared by replicas). A chat is run by
/// the replica holding its lease; the lease is renewed every third of <c>Bot:LeaseTimeout</c>, and a chat whose lease
/// was lost is stopped here at once (its job is finished by the new holder; the post ledger keeps that from
/// publishing twice).
/// </summary>
/// <remarks>
/// Shutdown, for every adapter alike: stop claiming, let running jobs finish within <c>Bot:ShutdownGracePeriod</c>,
/// cancel the rest (they stay queued), release the leases so another replica (or the next start) takes over at once.
/// </remarks>
public sealed class ChatJobRunner : BackgroundService
{
    /// <summary>How often a job may fail before the user is told it could not be done.</summary>
    internal const int MaxAttempts = 5;

    /// <summary>How long ended jobs are kept: a redelivery within it is recognised by its dedupe key.</summary>
    internal static readonly TimeSpan FinishedJobRetention = TimeSpan.FromDays(2);

    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(10);

    private readonly IChatJobStore jobs;
    private readonly ILeaseStore leases;
    private readonly ChatJobSignal signal;
    private readonly Dictionary<string, IChatJobHandler> handlers;
    private readonly IHostApplicationLifetime lifetime;
    private readonly TimeProvider time;
    private readonly BotOptions options;
    private readonly ILogger<ChatJobRunner> logger;
    private readonly ConcurrentDictionary<string, RunningChat> running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource abort = new();
    private DateTimeOffset nextRenewal;
    private DateTimeOffset lastRenewed;
    private DateTimeOffset nextPrune;

    public ChatJobRunner(
        IChatJobStore jobs,
        ILeaseStore leases,
        ChatJobSignal signal,
        IEnumerable<IChatJobHandler> handlers,
        IHostApplicationLifetime lifetime,
        TimeProvider time,
        IOptions<BotOptions> options,
        ILogger<ChatJobRunner> logger)
    {
        this.jobs = jobs;
        this.leases = leases;
        this.signal = signal;
        this.handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);
        this.lifetime = lifetime;
        this.time = time;
        this.options = options.Value;
        this.logger = logger;
    }

    /// <summary>This replica's name in the lease table: host, boot, process and a random part (see <see cref="LeaseOwners"/>).</summary>
    public string Owner { get; } = LeaseOwners.Create();

    /// <summary>How many chats this replica is running now.</summary>
    public int RunningChats => running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Adapters must be up before a job can answer through them.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        await TakeOverFromEarlierRunsAsync(stoppingToken);
        var renewEvery = options.LeaseTimeout / 3;
        nextRenewal = time.GetUtcNow() + renewEvery;
        lastRenewed = time.GetUtcNow();
        nextPrune = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Renewing first, and whatever claiming does: a replica that cannot claim (the database is away) must
                // still notice that it cannot renew either, and stop its chats before another replica takes them.
                await RenewIfDueAsync(renewEvery, stoppingToken);
                await ClaimAsync(stoppingToken);
                await PruneIfDueAsync(stoppingToken);
                await signal.WaitAsync(await NextWakeAsync(renewEvery, stoppingToken), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The database is down or locked: keep the loop alive, and keep it from spinning.
                logger.LogError(ex, "The job runner could not reach the database; trying again in {Interval}", options.JobPollInterval);
                var wait = options.JobPollInterval;
                if (!running.IsEmpty && nextRenewal - time.GetUtcNow() < wait)
                {
                    wait = nextRenewal - time.GetUtcNow();
                }

                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Stops claiming (ExecuteAsync ends), then drains.
        await base.StopAsync(cancellationToken);
        var pending = running.Values.Select(chat => chat.Task).ToArray();
        if (pending.Length > 0)
        {
            logger.LogInformation("Waiting up to {Seconds} s for {Count} chat(s) to finish their running request", options.ShutdownGracePeriod.TotalSeconds, pending.Length);
            await Task.WhenAll(pending).WaitAsync(options.ShutdownGracePeriod, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!running.IsEmpty)
            {
                logger.LogWarning("Cancelling {Count} running request(s) at shutdown; they stay queued and are finished by the next start or another replica", running.Count);
                await abort.CancelAsync();
                await Task.WhenAll(running.Values.Select(chat => chat.Task)).WaitAsync(TimeSpan.FromSeconds(5), time, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await leases.ReleaseAllAsync(Owner, timeout.Token);
        }
        catch (Exception ex)
        {
            // They expire by themselves within Bot:LeaseTimeout.
            logger.LogWarning("Could not release this replica's chats at shutdown ({Error}); another replica takes them over within {LeaseTimeout}", ex.GetType().Name, options.LeaseTimeout);
        }
    }

    public override void Dispose()
    {
        LeaseOwners.Retire(Owner);
        abort.Dispose();
        base.Dispose();
    }

    /// <summary>
    /// Frees the leases of an earlier run of the bot on this machine that is gone (killed, crashed, restarted): its chats,
    /// and the Telegram poller's lease, are taken at once instead of after Bot:LeaseTimeout.
    /// </summary>
    private async Task TakeOverFromEarlierRunsAsync(CancellationToken stoppingToken)
    {
        try
        {
            foreach (var gone in (await leases.ListOwnersAsync(stoppingToken)).Where(LeaseOwners.IsGone))
            {
                await leases.ReleaseAllAsync(gone, stoppingToken);
                logger.LogInformation("Took over the chats of an earlier run on this machine ({Owner}), which has stopped", gone);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not look for leases of an earlier run ({Error}); they expire within {LeaseTimeout}", ex.GetType().Name, options.LeaseTimeout);
        }
    }

    private async Task ClaimAsync(CancellationToken stoppingToken)
    {
        var free = options.MaxConcurrentChats - running.Count;
        if (free <= 0)
        {
            return;
        }

        var claimed = await jobs.ClaimChatsAsync(Owner, free, time.GetUtcNow(), options.LeaseTimeout, stoppingToken);
        foreach (var chatKey in claimed)
        {
            var chat = new RunningChat(CancellationTokenSource.CreateLinkedTokenSource(abort.Token));
            if (!running.TryAdd(chatKey, chat))
            {
                // Still ours from before (its worker is about to end): the worker looks for more before it lets go.
                chat.Lost.Dispose();
                continue;
            }

            chat.Task = Task.Run(() => RunChatAsync(chatKey, chat), CancellationToken.None);
        }
    }

    private async Task RenewIfDueAsync(TimeSpan renewEvery, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (now < nextRenewal)
        {
            return;
        }

        nextRenewal = now + renewEvery;
        var keys = running.Keys.ToArray();
        if (keys.Length == 0)
        {
            // Nothing held: chats claimed from now on have fresh leases.
            lastRenewed = now;
            return;
        }

        HashSet<string> held;
        try
        {
            held = new HashSet<string>(await leases.RenewAsync(keys, Owner, now, options.LeaseTimeout, stoppingToken), StringComparer.Ordinal);
            lastRenewed = now;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Cut off from the database: past half the lease time another replica may take these chats over soon, so
            // stop running them here first (their jobs stay queued).
            if (now - lastRenewed < options.LeaseTimeout / 2)
            {
                logger.LogWarning("Could not renew this replica's chats ({Error}); trying again shortly", ex.GetType().Name);
                nextRenewal = now + TimeSpan.FromMilliseconds(Math.Min(1000, options.LeaseTimeout.TotalMilliseconds / 10));
                return;
            }

            logger.LogError("Could not renew this replica's chats for {Elapsed} ({Error}); stopping them before another replica takes them over", now - lastRenewed, ex.GetType().Name);
            held = [];
        }

        foreach (var key in keys.Where(key => !held.Contains(key)))
        {
            if (running.TryGetValue(key, out var chat))
            {
                logger.LogWarning("Lost the lease of chat {ChatKey} to another replica; stopping its request here", key);
                try
                {
                    await chat.Lost.CancelAsync();
                }
                catch (ObjectDisposedException)
                {
                    // The chat's worker ended (and disposed its token) just now: nothing left to stop.
                }
            }
        }
    }

    private async Task PruneIfDueAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (now < nextPrune)
        {
            return;
        }

        nextPrune = now + PruneInterval;
        var pruned = await jobs.PruneAsync(now - FinishedJobRetention, stoppingToken);
        if (pruned > 0)
        {
            logger.LogDebug("Pruned {Count} finished job(s)", pruned);
        }
    }

    private async Task<TimeSpan> NextWakeAsync(TimeSpan renewEvery, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var wait = options.JobPollInterval;
        if (!running.IsEmpty && nextRenewal - now < wait)
        {
            wait = nextRenewal - now;
        }

        // A job due sooner than the next poll (a schedule, a back-off) wakes the runner on time. One due already is
        // held by another replica (or was just claimed here): the poll finds it, and a busy loop would not.
        if (await jobs.NextRunnableAtAsync(stoppingToken) is { } due && due > now && due - now < wait)
        {
            wait = due - now;
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private async Task RunChatAsync(string chatKey, RunningChat chat)
    {
        try
        {
            while (!chat.Lost.IsCancellationRequested)
            {
                var job = await jobs.TakeNextAsync(chatKey, Owner, time.GetUtcNow(), CancellationToken.None);
                if (job is null)
                {
                    break;
                }

                await RunJobAsync(job, chat.Lost.Token);
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Running chat {ChatKey} failed; its jobs stay queued", chatKey);
        }
        finally
        {
            running.TryRemove(chatKey, out _);
            if (!chat.Lost.IsCancellationRequested)
            {
                await ReleaseQuietlyAsync(chatKey);
            }

            chat.Lost.Dispose();

            // A slot is free: claim again at once.
            signal.Notify();
        }
    }

    private async Task RunJobAsync(ChatJob job, CancellationToken cancellationToken)
    {
        if (!handlers.TryGetValue(job.Kind, out var handler) || job.Payload.Length == 0)
        {
            // Written by a newer build, or unreadable with this key ring: nothing here can run it.
            logger.LogError("Job {JobId} of chat {ChatKey} ({Kind}) cannot be run by this build or with this key ring; it is ended as failed", job.Id, job.ChatKey, job.Kind);
            await jobs.FailAsync(job.Id, time.GetUtcNow(), job.Payload.Length == 0 ? "unreadable payload" : "unknown kind", CancellationToken.None);
            signal.Finished(job.Id);
            return;
        }

        try
        {
            await handler.RunAsync(job, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A shutdown or a lost lease: the job stays queued for the next holder.
            logger.LogInformation("Job {JobId} of chat {ChatKey} was cut off; it stays queued", job.Id, job.ChatKey);
            return;
        }
        catch (Exception ex)
        {
            await FailedAttemptAsync(handler, job, ex);
            return;
        }

        await jobs.CompleteAsync(job.Id, time.GetUtcNow(), CancellationToken.None);
        signal.Finished(job.Id);
    }

    private async Task FailedAttemptAsync(IChatJobHandler handler, ChatJob job, Exception ex)
    {
        // Only the type: adapter exceptions can carry request URLs, and Telegram's contain the bot token.
        var error = ex.GetType().Name;
        if (job.Attempts < MaxAttempts)
        {
            var backoff = options.JobRetryDelay * Math.Pow(2, Math.Clamp(job.Attempts, 1, 6) - 1);
            logger.LogWarning("Job {JobId} of chat {ChatKey} failed ({Error}, attempt {Attempt} of {Max}); trying again in {Backoff}", job.Id, job.ChatKey, error, job.Attempts, MaxAttempts, backoff);
            await jobs.RetryLaterAsync(job.Id, time.GetUtcNow() + backoff, error, CancellationToken.None);
            return;
        }

        logger.LogError("Job {JobId} of chat {ChatKey} failed {Max} times ({Error}); telling the user", job.Id, job.ChatKey, MaxAttempts, error);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await handler.GiveUpAsync(job, timeout.Token);
        }
        catch (Exception giveUp)
        {
            logger.LogWarning("Could not tell the user of chat {ChatKey} that job {JobId} failed ({Error})", job.ChatKey, job.Id, giveUp.GetType().Name);
        }

        await jobs.FailAsync(job.Id, time.GetUtcNow(), error, CancellationToken.None);
        signal.Finished(job.Id);
    }

    private async Task ReleaseQuietlyAsync(string chatKey)
    {
        try
        {
            await leases.ReleaseAsync(chatKey, Owner, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not release chat {ChatKey} ({Error}); it frees itself within {LeaseTimeout}", chatKey, ex.GetType().Name, options.LeaseTimeout);
        }
    }

    private sealed class RunningChat(CancellationTokenSource lost)
    {
        public CancellationTokenSource Lost { get; } = lost;

        public Task Task { get; set; } = Task.CompletedTask;
    }
}
