using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.Discord;

/// <summary>
/// Hands an interaction's request to the core as a stored job, always before Discord is answered, and keeps the
/// interaction's reply channel at hand for the job's replies (<see cref="InteractionChannels"/>). A quick command (link,
/// status) is answered in the HTTP response itself when its job is done within the budget; anything slower is deferred
/// and the reply follows, from whichever replica runs the job.
/// </summary>
internal sealed class DiscordChatBridge(ChatRequestQueue queue, InteractionChannels channels, TimeProvider time)
{
    /// <summary>
    /// How long a quick command may take to answer in the HTTP response itself. Discord's limit is 3 s
    /// including the network both ways; past this the interaction is deferred and the reply follows.
    /// </summary>
    internal TimeSpan InlineBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Link, status, unlink: a normal reply if the core is quick, a deferral and an edit if not.</summary>
    public async Task<InteractionResponse> AnswerAsync(InteractionOrigin origin, ChatRequest request)
    {
        var channel = channels.Open(origin.Target, deferred: false);
        await EnqueueAsync(origin, request);
        try
        {
            return await channel.InitialResponse.WaitAsync(InlineBudget, time);
        }
        catch (TimeoutException)
        {
            return channel.DeferIfUnanswered();
        }
    }

    /// <summary>Posts: stored, then deferred at once (publishing takes longer than Discord's 3 seconds).</summary>
    public async Task<InteractionResponse> DeferAsync(InteractionOrigin origin, ChatRequest request)
    {
        var channel = channels.Open(origin.Target, deferred: true);
        await EnqueueAsync(origin, request);
        return channel.InitialResponse.Result;
    }

    // The interaction id is the dedupe key: a delivery Discord repeats is one job.
    private Task<ChatJobTicket> EnqueueAsync(InteractionOrigin origin, ChatRequest request) =>
        queue.EnqueueAsync(request, "discord:interaction:" + origin.Target.InteractionId, CancellationToken.None);
}
