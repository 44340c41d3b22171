using System.Collections.Concurrent;

namespace LinkedInBot.Discord;

/// <summary>
/// Runs what happens after the 3-second initial response (publishing, downloads, follow-ups), keeps every
/// task observed (failures are logged, never lost) and lets a graceful shutdown wait a bounded time for them.
/// </summary>
internal sealed class DiscordBackgroundWork(ILogger<DiscordBackgroundWork> logger) : IHostedService, IDisposable
{
    /// <summary>The longest a shutdown takes here: waiting for running work, then telling users whose work was cut off.</summary>
    internal TimeSpan ShutdownGrace { get; init; } = DefaultShutdownGrace;

    internal static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(20);

    /// <summary>The end of <see cref="ShutdownGrace"/> kept for the work that is cut off to tell its user so.</summary>
    internal TimeSpan CutOffNoticeTime { get; init; } = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource stopping = new();
    private readonly CancellationTokenSource noticesDue = new();
    private readonly ConcurrentDictionary<Task, string> running = new();

    public int RunningCount => running.Count;

    /// <summary>
    /// Bounds what work does after its own token was cancelled at shutdown (a last message to the user):
    /// cancelled when <see cref="CutOffNoticeTime"/> is over.
    /// </summary>
    public CancellationToken CutOffNoticeDeadline => noticesDue.Token;

    public Task Run(string description, Func<CancellationToken, Task> work) =>
        Run(description, async cancellationToken =>
        {
            await work(cancellationToken);
            return true;
        });

    public Task<T> Run<T>(string description, Func<CancellationToken, Task<T>> work)
    {
        var token = stopping.Token;
        var task = Task.Run(() => work(token), CancellationToken.None);
        running[task] = description;
        Observe(task, description);
        return task;
    }

    /// <summary>
    /// Work whose result a restart throws away unless other work uses it (the image download of a share form): a
    /// shutdown does not wait for it, and cancels it once the work it waits for is done — a submitted form that
    /// needs the image is such work. Its failures are logged like the rest.
    /// </summary>
    public Task<T> RunUntilStop<T>(string description, Func<CancellationToken, Task<T>> work)
    {
        var token = stopping.Token;
        var task = Task.Run(() => work(token), CancellationToken.None);
        Observe(task, description);
        return task;
    }

    private void Observe(Task task, string description) =>
        _ = task.ContinueWith(
            finished =>
            {
                running.TryRemove(finished, out _);
                if (finished.Exception?.GetBaseException() is AttachmentRejectedException rejected)
                {
                    // Routine (an image too big or not an image); the user is told when they submit.
                    logger.LogInformation("Discord background work ended: {Work}: {Reason}", description, rejected.Message);
                }
                else if (finished.IsFaulted)
                {
                    logger.LogError(finished.Exception.GetBaseException(), "Discord background work failed: {Work}", description);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var pending = running.Keys.ToArray();
        if (pending.Length == 0)
        {
            await stopping.CancelAsync();
            return;
        }

        var noticeTime = CutOffNoticeTime < ShutdownGrace ? CutOffNoticeTime : ShutdownGrace;
        var waitForWork = ShutdownGrace - noticeTime;
        logger.LogInformation("Waiting up to {Seconds} s for {Count} Discord interaction(s) to finish", waitForWork.TotalSeconds, pending.Length);
        await Task.WhenAll(pending).WaitAsync(waitForWork, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (running.IsEmpty)
        {
            await stopping.CancelAsync();
            return;
        }

        logger.LogWarning("Cancelling {Count} unfinished Discord interaction(s) at shutdown", running.Count);
        noticesDue.CancelAfter(noticeTime);
        await stopping.CancelAsync();
        await Task.WhenAll(running.Keys.ToArray()).WaitAsync(noticeTime, CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        stopping.Dispose();
        noticesDue.Dispose();
    }
}
