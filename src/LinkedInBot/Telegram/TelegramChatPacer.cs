namespace LinkedInBot.Telegram;

/// <summary>
/// Keeps each chat under Telegram's limits (TG FAQ: about one message per second in a chat, 20 per minute
/// in a group) with a small token bucket per chat: a short burst goes out at once, a longer one is spread.
/// Going over does not lose messages (429 + retry_after) but stalls the chat for the whole retry_after.
/// </summary>
internal sealed class TelegramChatPacer(TimeProvider time)
{
    private const double Burst = 3;
    private const double PrivatePerSecond = 1;
    private const double GroupPerSecond = 20.0 / 60;
    private const int PruneAbove = 4096;

    private readonly Dictionary<long, Bucket> _buckets = [];

    /// <summary>Waits until a message may be sent to <paramref name="chatId"/> and takes its slot.</summary>
    public Task WaitAsync(long chatId, CancellationToken cancellationToken)
    {
        var delay = Reserve(chatId);
        return delay <= TimeSpan.Zero ? Task.CompletedTask : Task.Delay(delay, time, cancellationToken);
    }

    internal TimeSpan Reserve(long chatId)
    {
        // Private chats have positive ids, groups and channels negative ones (TG: Chat.id).
        var rate = chatId < 0 ? GroupPerSecond : PrivatePerSecond;
        var now = time.GetTimestamp();
        lock (_buckets)
        {
            if (!_buckets.TryGetValue(chatId, out var bucket))
            {
                if (_buckets.Count >= PruneAbove)
                {
                    Prune(now);
                }

                bucket = new Bucket(Burst, now);
            }

            var tokens = Math.Min(Burst, bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * rate));

            // Reserving below zero keeps concurrent senders of the same chat in line instead of racing.
            tokens -= 1;
            _buckets[chatId] = new Bucket(tokens, now);
            return tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-tokens / rate);
        }
    }

    private void Prune(long now)
    {
        foreach (var (chatId, bucket) in _buckets)
        {
            var rate = chatId < 0 ? GroupPerSecond : PrivatePerSecond;
            if (bucket.Tokens + (time.GetElapsedTime(bucket.At, now).TotalSeconds * rate) >= Burst)
            {
                _buckets.Remove(chatId);
            }
        }
    }

    private readonly record struct Bucket(double Tokens, long At);
}
