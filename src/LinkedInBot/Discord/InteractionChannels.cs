using System.Collections.Concurrent;

namespace LinkedInBot.Discord;

/// <summary>
/// The reply channels of the interactions this process has open, by interaction id. The job that answers an
/// interaction usually runs in the process that received it, and then answers through the same channel (inline while
/// the HTTP request still waits, else by editing the deferral). A job run elsewhere (another replica, after a
/// restart) gets a fresh channel that edits the deferral first and follows up after. Entries go when their token does.
/// </summary>
internal sealed class InteractionChannels(DiscordRestClient rest, TimeProvider time, ILogger<InteractionChannels> logger)
{
    private readonly ConcurrentDictionary<string, InteractionReplyChannel> open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> expiries = new(StringComparer.Ordinal);

    public InteractionReplyChannel Open(InteractionTarget target, bool deferred)
    {
        Sweep();
        var channel = new InteractionReplyChannel(target, rest, time, logger, deferred);
        open[target.InteractionId] = channel;
        expiries[target.InteractionId] = target.ExpiresAt;
        return channel;
    }

    /// <summary>The channel of an interaction answered by a job: the open one, or a new one for a deferred interaction.</summary>
    public InteractionReplyChannel For(InteractionTarget target)
    {
        if (open.TryGetValue(target.InteractionId, out var channel))
        {
            return channel;
        }

        return Open(target, deferred: true);
    }

    public int Count => open.Count;

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (id, expires) in expiries)
        {
            if (expires <= now && expiries.TryRemove(id, out _))
            {
                open.TryRemove(id, out _);
            }
        }
    }
}
