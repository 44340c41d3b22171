using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// At start-up, finishes the posts a crash or a hard stop left behind: publishes those without an outcome while
/// that is safe (see <see cref="PostPublisher.SafeResumeAge"/>; later they end as Interrupted) and delivers the
/// replies that never went out.
/// </summary>
public sealed class PostLedgerResumeService(
    IPostLedger ledger,
    PostPublisher publisher,
    ChatNotifications notifications,
    IHostApplicationLifetime lifetime,
    ILogger<PostLedgerResumeService> logger) : BackgroundService
{
    private IReadOnlyList<PostLedgerEntry> _leftByLastRun = [];

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The snapshot is taken before the chat adapters start taking messages: posts of this run are in progress,
        // not left behind, and must not be published or answered a second time from here.
        // Only which entries: ResumeAsync reads each one again, so their image bytes (up to 20 MB each) are not kept.
        _leftByLastRun = [.. (await ledger.GetUnfinishedAsync(cancellationToken)).Select(entry => entry with { Image = null })];
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Adapters must be up before their notifiers can deliver anything.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        var unfinished = _leftByLastRun;
        _leftByLastRun = [];
        await ResumeAsync(unfinished, stoppingToken);
    }

    /// <summary>Resumes the given unfinished entries.</summary>
    private async Task ResumeAsync(IReadOnlyList<PostLedgerEntry> unfinished, CancellationToken cancellationToken)
    {
        if (unfinished.Count == 0)
        {
            return;
        }

        logger.LogInformation("Resuming {Count} post request(s) left unfinished by the last run", unfinished.Count);
        foreach (var entry in unfinished)
        {
            try
            {
                await publisher.ResumeAsync(
                    entry,
                    async (reply, ct) =>
                    {
                        if (!await notifications.TrySendAsync(entry.Address, reply, ct))
                        {
                            // Leave the entry unreplied: the next start tries again.
                            throw new ChatDeliveryException();
                        }
                    },
                    cancellationToken);
            }
            catch (ChatDeliveryException)
            {
                logger.LogWarning("The reply for ledger entry {Id} could not be delivered; it stays queued", entry.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Resuming ledger entry {Id} failed", entry.Id);
            }
        }
    }

    private sealed class ChatDeliveryException : Exception;
}
