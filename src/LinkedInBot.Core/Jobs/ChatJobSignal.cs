using System.Collections.Concurrent;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// In-process shortcuts around the job store: wakes the runner when this process stored a job or freed a slot (other
/// replicas' jobs are found by polling), and lets a caller in this process wait for a job to end (the console reads
/// its next line only then; Discord answers within its 3 seconds when it can).
/// </summary>
public sealed class ChatJobSignal : IDisposable
{
    private readonly SemaphoreSlim wake = new(0, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> waiters = new();

    /// <summary>Wakes the runner (at most one pending wake-up is kept; more would change nothing).</summary>
    public void Notify()
    {
        try
        {
            wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        if (timeout <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        try
        {
            await wake.WaitAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Completes when job <paramref name="jobId"/> ends in this process (done or failed).</summary>
    public Task WhenFinished(long jobId) =>
        waiters.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    /// <summary>Stops waiting for a job (the caller gave up); keeps the table small.</summary>
    public void Forget(long jobId) => waiters.TryRemove(jobId, out _);

    public void Dispose() => wake.Dispose();

    internal void Finished(long jobId)
    {
        if (waiters.TryRemove(jobId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
