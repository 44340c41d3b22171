using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// How the core speaks on Discord. A job's replies answer its interaction (<see cref="InteractionChannels"/>); a notice
/// the core sends first (after the OAuth callback, after a crash) is an ephemeral follow-up to the interaction that
/// started it, while its token still works. Later there is nothing to answer to.
/// </summary>
internal sealed class DiscordChatNotifier(
    DiscordReplyContext replyContext,
    InteractionChannels channels,
    DiscordRestClient rest,
    TimeProvider time,
    Microsoft.Extensions.Options.IOptions<DiscordOptions> options,
    ILogger<DiscordChatNotifier> logger) : IChatNotifier
{
    public string Platform => InteractionOrigin.Platform;

    public async Task ReplyAsync(ChatAddress address, ChatReply reply, ReplyTurn turn, CancellationToken cancellationToken)
    {
        if (UsableTarget(address) is not { } target)
        {
            await PostInChannelAsync(address, reply, cancellationToken);
            return;
        }

        try
        {
            await channels.For(target).SendAsync(reply, cancellationToken);
        }
        catch (DiscordApiException ex) when (ex.Code == 50027 || ex.Status == System.Net.HttpStatusCode.Unauthorized)
        {
            // Sending again cannot help: the interaction's token is gone.
            logger.LogInformation("Dropped a reply for Discord user {UserId}: the token of {Target} expired", address.UserId, target);
        }
    }

    public async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (UsableTarget(address) is not { } target)
        {
            await PostInChannelAsync(address, reply, cancellationToken);
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

    /// <summary>
    /// After the interaction's 15 minutes (a scheduled post published hours later), a public answer (the post's URL) goes
    /// into the channel as the bot, when <c>Discord:BotToken</c> is set. Anything private has no safe place there and
    /// is dropped, as before: <c>/linkedin posts</c> and <c>/linkedin queue</c> still tell.
    /// </summary>
    private async Task PostInChannelAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        var botToken = options.Value.BotToken.Trim();
        if (reply.Visibility != ReplyVisibility.Public || botToken.Length == 0)
        {
            return;
        }

        try
        {
            await rest.CreateChannelMessageAsync(address.ChatId, DiscordReplyFormatter.ToMessage(reply, flags: null), botToken, cancellationToken);
        }
        catch (DiscordApiException ex)
        {
            // The bot may not be in that channel (a user-installed app, a DM): nothing else can reach it.
            logger.LogInformation("Could not post in Discord channel {ChannelId} for user {UserId}: {Reason}", address.ChatId, address.UserId, ex.Message);
        }
    }

    private InteractionTarget? UsableTarget(ChatAddress address)
    {
        if (!replyContext.TryRead(address.ReplyContext, out var target))
        {
            logger.LogWarning("Dropped a Discord message for user {UserId}: no usable reply context", address.UserId);
            return null;
        }

        if (time.GetUtcNow() >= target.ExpiresAt)
        {
            logger.LogInformation("Dropped a Discord message for user {UserId}: the token of {Target} has expired", address.UserId, target);
            return null;
        }

        return target;
    }
}
