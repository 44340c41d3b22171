using LinkedInBot.Core.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Support;

/// <summary>
/// The deterministic "nothing more will happen" of a test whose effects were already seen: every stored chat job has
/// ended (done or failed, none waiting for a retry) and no runner is still inside one. A reply a job sends is sent
/// before the job ends, so what was not sent by then will not be — unlike a real wait, which only makes it unlikely.
/// </summary>
public static class JobsEnded
{
    /// <param name="replicas">The service providers of every host on the database (each runs its own runner).</param>
    public static Task WaitAsync(params IServiceProvider[] replicas) => WaitAsync(TimeSpan.FromSeconds(30), replicas);

    public static Task WaitAsync(TimeSpan timeout, params IServiceProvider[] replicas)
    {
        var store = replicas[0].GetRequiredService<IChatJobStore>();
        var runners = replicas.Select(r => r.GetRequiredService<ChatJobRunner>()).ToList();
        // The runners are asked before and after the store: a job that ends while the store is read is still seen.
        return Eventually.TrueAsync(
            async () => runners.All(r => r.RunningChats == 0) && await store.NextRunnableAtAsync(CancellationToken.None) is null && runners.All(r => r.RunningChats == 0),
            "every chat job has ended",
            timeout);
    }
}
