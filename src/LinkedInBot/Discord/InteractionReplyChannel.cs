using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// Delivers the core's replies for one interaction: as the initial HTTP response while it is still open,
/// otherwise through the interaction's webhook.
/// </summary>
/// <remarks>
/// Visibility choice: every deferral is ephemeral. The ephemeral flag of a deferral is fixed up front and
/// an error or an OAuth link (Secret) must never show in the channel, while a successful post's URL is worth
/// sharing. So the "thinking…" message is edited (PATCH @original) into the reply for the requester only,
/// and a Public reply in a channel others read is then repeated as a public follow-up. The edit comes first:
/// a follow-up sent while a deferral is still "thinking" would replace it, taking over its ephemeral flag.
/// </remarks>
internal sealed class InteractionReplyChannel : IDisposable
{
    private readonly TaskCompletionSource<InteractionResponse> initial = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim order = new(1, 1);
    private readonly InteractionTarget target;
    private readonly DiscordRestClient rest;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private bool originalEdited;
    private bool tokenRejected;

    public InteractionReplyChannel(InteractionTarget target, DiscordRestClient rest, TimeProvider time, ILogger logger, bool deferred)
    {
        this.target = target;
        this.rest = rest;
        this.time = time;
        this.logger = logger;
        if (deferred)
        {
            initial.SetResult(Deferral);
        }
    }

    /// <summary>The HTTP response: completed by the first reply, or by <see cref="DeferIfUnanswered"/>.</summary>
    public Task<InteractionResponse> InitialResponse => initial.Task;

    /// <summary>Called when the 3-second budget runs out: answer "thinking…" unless a reply made it in time.</summary>
    public InteractionResponse DeferIfUnanswered()
    {
        initial.TrySetResult(Deferral);
        return initial.Task.Result;
    }

    // A pressed button is acknowledged without "thinking…": its answer usually replaces the message it is on.
    private InteractionResponse Deferral => target.IsComponent ? InteractionResponse.DeferredUpdate : InteractionResponse.DeferredEphemeral;

    /// <summary>Sends one reply of the interaction's job (through <see cref="DiscordChatNotifier"/>).</summary>
    public async Task SendAsync(ChatReply reply, CancellationToken cancellationToken)
    {
        await order.WaitAsync(cancellationToken);
        try
        {
            var first = target.IsComponent && reply.ReplacesPressedMessage
                ? InteractionResponse.UpdateMessage(DiscordReplyFormatter.ToMessage(reply, flags: null))
                : InteractionResponse.Message(DiscordReplyFormatter.ToMessage(reply, FlagsFor(reply)));
            if (initial.TrySetResult(first))
            {
                return;
            }

            if (tokenRejected || time.GetUtcNow() >= target.ExpiresAt)
            {
                throw new DiscordApiException(null, 50027, $"The token of {target} expired before the reply was ready");
            }

            if (target.IsComponent && reply.ReplacesPressedMessage && initial.Task.Result.KeepsPressedMessage)
            {
                // The pressed message itself (a finished question loses its buttons).
                await Guard(rest.EditOriginalAsync(target, DiscordReplyFormatter.ToMessage(reply, flags: null), cancellationToken));
                return;
            }

            if (initial.Task.Result.IsDeferred && !originalEdited)
            {
                await Guard(rest.EditOriginalAsync(target, DiscordReplyFormatter.ToMessage(reply, flags: null), cancellationToken));
                originalEdited = true;
                if (reply.Visibility == ReplyVisibility.Public && target.IsGroupChat)
                {
                    await SharePubliclyAsync(reply, cancellationToken);
                }

                return;
            }

            await Guard(rest.CreateFollowupAsync(target, DiscordReplyFormatter.ToMessage(reply, FlagsFor(reply)), cancellationToken));
        }
        finally
        {
            order.Release();
        }
    }

    /// <summary>
    /// Shows a status of the job in its deferred "thinking…" response (PATCH @original), which the job's first reply
    /// then replaces. Nothing is shown while the interaction is still unanswered (the HTTP response is not out yet, so
    /// there is nothing to edit), once a reply has taken the original, or for a pressed button (its original is the
    /// pressed message).
    /// </summary>
    public async Task ShowStatusAsync(ChatReply status, CancellationToken cancellationToken)
    {
        await order.WaitAsync(cancellationToken);
        try
        {
            if (!initial.Task.IsCompleted || !initial.Task.Result.IsDeferred || target.IsComponent || originalEdited || tokenRejected
                || time.GetUtcNow() >= target.ExpiresAt)
            {
                return;
            }

            await Guard(rest.EditOriginalAsync(target, DiscordReplyFormatter.ToMessage(status, flags: null), cancellationToken));
        }
        finally
        {
            order.Release();
        }
    }

    public void Dispose() => order.Dispose();

    /// <summary>After Discord refused the token (401, code 50027), no later call for this interaction can work.</summary>
    private async Task Guard(Task call)
    {
        try
        {
            await call;
        }
        catch (DiscordApiException ex) when (ex.Code == 50027 || ex.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            tokenRejected = true;
            throw;
        }
    }

    public static int? FlagsFor(ChatReply reply) => reply.Visibility == ReplyVisibility.Public ? null : InteractionResponse.Ephemeral;

    private async Task SharePubliclyAsync(ChatReply reply, CancellationToken cancellationToken)
    {
        try
        {
            await rest.CreateFollowupAsync(target, DiscordReplyFormatter.ToMessage(reply, flags: null), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The requester already has the reply; only the channel misses the copy.
            logger.LogWarning("Could not share the reply to {Target} in the channel: {Reason}", target, ex.Message);
        }
    }
}
