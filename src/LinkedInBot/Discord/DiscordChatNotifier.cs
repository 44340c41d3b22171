using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// Lets the core speak first on Discord (after the OAuth callback, after a crash): an ephemeral follow-up to
/// the interaction that started it, while its token still works. Later there is nothing to answer to.
/// </summary>
internal sealed class DiscordChatNotifier(
    DiscordReplyContext replyContext,
    DiscordRestClient rest,
    TimeProvider time,
    ILogger<DiscordChatNotifier> logger) : IChatNotifier
{
    public string Platform => InteractionOrigin.Platform;

    public async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (!replyContext.TryRead(address.ReplyContext, out var target))
        {
            logger.LogWarning("Dropped a Discord notification for user {UserId}: no usable reply context", address.UserId);
            return;
        }

        if (time.GetUtcNow() >= target.ExpiresAt)
        {
            logger.LogInformation("Dropped a Discord notification for user {UserId}: the token of {Target} has expired", address.UserId, target);
            return;
        }

        var flags = reply.Visibility == ReplyVisibility.Public && target.IsGroupChat ? (int?)null : InteractionResponse.Ephemeral;
        try
        {
            await rest.CreateFollowupAsync(target, DiscordReplyFormatter.ToMessage(reply, flags), cancellationToken);
        }
        catch (DiscordApiException ex) when (ex.Code == 50027 || ex.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            logger.LogInformation("Dropped a Discord notification for user {UserId}: Discord says the token of {Target} expired", address.UserId, target);
        }
    }
}
