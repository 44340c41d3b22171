namespace LinkedInBot.Telegram;

/// <summary>
/// The wait between attempts of a Telegram call that is repeated until it works (getMe, setMyCommands,
/// deleteWebhook, getUpdates): Telegram's own retry_after after a 429, otherwise doubling from
/// <see cref="TelegramOptions.PollErrorBackoff"/> up to <see cref="TelegramOptions.MaxPollErrorBackoff"/>.
/// </summary>
internal sealed class TelegramBackoff(TelegramOptions options)
{
    private TimeSpan next = options.PollErrorBackoff;

    /// <summary>How long to wait after <paramref name="failure"/>; the next wait without retry_after is twice as long.</summary>
    public TimeSpan After(Exception failure)
    {
        var wait = TelegramErrors.IsTooManyRequests(failure, out var retryAfter) ? retryAfter : next;
        next = TimeSpan.FromTicks(Math.Min(next.Ticks * 2, options.MaxPollErrorBackoff.Ticks));
        return wait;
    }

    /// <summary>After a success: the next failure waits the shortest time again.</summary>
    public void Reset() => next = options.PollErrorBackoff;
}
