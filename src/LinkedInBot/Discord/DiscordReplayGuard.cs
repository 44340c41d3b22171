using System.Globalization;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Discord;

/// <summary>
/// A signed interaction body stays valid forever, so a captured one could be sent again (issue 15 §2). Interaction
/// ids are unique: each is recorded in the database when first handled (so a restart or another replica knows it
/// too) and a second delivery is answered without acting. Ids are kept as long as a replay could pass the timestamp
/// check: a signature timestamp more than an hour away from the bot's clock, either way, is refused outright — that
/// tolerates clock skew, not replays from last week.
/// </summary>
internal sealed class DiscordReplayGuard(IHandledRequestStore handled, TimeProvider time)
{
    public static readonly TimeSpan MaxClockDifference = TimeSpan.FromHours(1);

    /// <summary>
    /// As long as a replay can still pass the timestamp check (an hour each way, plus a minute), not just the token's
    /// 15 minutes: the inline answer to a replayed /linkedin link would otherwise hand out a fresh consent link.
    /// </summary>
    public static readonly TimeSpan Retention = 2 * MaxClockDifference + TimeSpan.FromMinutes(1);

    /// <summary>False for a timestamp that is not Unix seconds or is more than <see cref="MaxClockDifference"/> away.</summary>
    public bool IsTimely(string timestamp)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds > 253402300799)
        {
            return false;
        }

        var difference = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        return difference.Duration() <= MaxClockDifference;
    }

    /// <summary>True the first time an interaction id is seen; false for a replay.</summary>
    public Task<bool> IsFirstAsync(string interactionId, CancellationToken cancellationToken) =>
        handled.TryMarkHandledAsync("discord:" + interactionId, time.GetUtcNow(), Retention, cancellationToken);
}
