namespace LinkedInBot.Discord;

/// <summary>
/// Runs the downloads a "Share to LinkedIn" form starts while the user edits (its signed CDN URL is fetched at once),
/// keeps every task observed (failures are logged, never lost) and cancels what is left when the host is disposed:
/// not at the start of a stop, because a post job still draining at shutdown may be waiting for such a download.
/// </summary>
internal sealed class DiscordBackgroundWork(ILogger<DiscordBackgroundWork> logger) : IDisposable
{
    private readonly CancellationTokenSource disposed = new();

    public Task<T> RunUntilStop<T>(string description, Func<CancellationToken, Task<T>> work)
    {
        var token = disposed.Token;
        var task = Task.Run(() => work(token), CancellationToken.None);
        _ = task.ContinueWith(
            finished =>
            {
                if (finished.Exception?.GetBaseException() is AttachmentRejectedException or Core.Chat.ChatImageUnavailableException)
                {
                    // Routine (an image too big or not an image); the user is told when the post runs.
                    logger.LogInformation("Discord background work ended: {Work}: {Reason}", description, finished.Exception.GetBaseException().Message);
                }
                else if (finished.IsFaulted)
                {
                    logger.LogError(finished.Exception.GetBaseException(), "Discord background work failed: {Work}", description);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    public void Dispose()
    {
        disposed.Cancel();
        disposed.Dispose();
    }
}
