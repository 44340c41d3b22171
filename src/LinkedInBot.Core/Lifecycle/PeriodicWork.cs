namespace LinkedInBot.Core.Lifecycle;

/// <summary>Runs a check at start-up and then every interval until the host stops (link reminders, link renewals).</summary>
internal static class PeriodicWork
{
    /// <summary>
    /// A periodic timer keeps a tick that falls while a check is still running (the next wait returns at once), where a
    /// delay started after each check would let the time spent checking push every later check back. A failed check is
    /// handed to <paramref name="failed"/> and the next tick tries again.
    /// </summary>
    public static async Task RunAsync(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> check, Action<Exception> failed, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await check(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failed(ex);
            }
        }
        while (await WaitForTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
