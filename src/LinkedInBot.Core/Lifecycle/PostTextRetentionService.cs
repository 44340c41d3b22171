using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Lifecycle;

/// <summary>
/// <c>Storage:PostTextRetention</c>: at start-up and every hour, ledger entries older than the retention lose their
/// text, image and reply context; their URN, URL and times stay for the history. Every replica runs it: the update is
/// the same whoever runs it first.
/// </summary>
public sealed class PostTextRetentionService(
    IPostTextRetention retention,
    IOptions<StorageOptions> options,
    TimeProvider time,
    ILogger<PostTextRetentionService> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CleanAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Removing old post text from the ledger failed ({ErrorType}); trying again in {Interval}", ex.GetType().Name, Interval);
            }

            await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Removes the text of entries older than the retention; returns how many changed.</summary>
    public async Task<int> CleanAsync(CancellationToken cancellationToken)
    {
        var changed = await retention.RemoveTextBeforeAsync(time.GetUtcNow() - options.Value.PostTextRetention, cancellationToken);
        if (changed > 0)
        {
            logger.LogInformation("Removed the text of {Count} post(s) older than {Retention} from the ledger", changed, options.Value.PostTextRetention);
        }

        return changed;
    }
}
