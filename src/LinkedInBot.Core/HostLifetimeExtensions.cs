using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Core;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Waits until every hosted service and the web server have started (background work that talks to chats or
    /// prints URLs must not begin earlier). False when the host stops first.
    /// </summary>
    public static async Task<bool> WaitForStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        try
        {
            await started.Task.WaitAsync(stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
