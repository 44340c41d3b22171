using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// At start-up, queues the posts a crash or a hard stop left behind (no outcome, or a reply that never went out) as
/// jobs in their chats. Each runs after what its chat still has queued, in whichever replica holds the chat, so a
/// post another replica is finishing right now is not answered twice: by the time the resume runs, it is answered and
/// the resume does nothing. Publishing is re-issued only while that is safe (see <see cref="PostPublisher.SafeResumeAge"/>).
/// </summary>
public sealed class PostLedgerResumeService(
    IPostLedger ledger,
    IChatJobStore jobs,
    ChatJobSignal signal,
    TimeProvider time,
    ILogger<PostLedgerResumeService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Taken before the adapters take messages, so only posts of earlier runs (or of other replicas) are in it.
        var unfinished = await ledger.GetUnfinishedAsync(cancellationToken);
        if (unfinished.Count == 0)
        {
            return;
        }

        logger.LogInformation("Queuing {Count} post request(s) left unfinished by an earlier run", unfinished.Count);
        var now = time.GetUtcNow();
        foreach (var entry in unfinished)
        {
            await jobs.EnqueueAsync(LedgerResumeJobHandler.For(entry, now), now, cancellationToken);
        }

        signal.Notify();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
