using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Core;

public static class HostLifetimeExtensions
{
    /// <summary>
    /// Adds <paramref name="time"/> to the host's <see cref="HostOptions.ShutdownTimeout"/> for a part that may hold
    /// the stop that long (an adapter's grace period). Hosted services stop one after another, so the host must
    /// allow the sum of them, or it abandons the last ones mid-way.
    /// </summary>
    public static IServiceCollection AddStopTime(this IServiceCollection services, TimeSpan time) =>
        services.Configure<HostOptions>(host => host.ShutdownTimeout += time);

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
