using Microsoft.Extensions.Options;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// How the core speaks on Discord. A job's replies answer its interaction (<see cref="InteractionChannels"/>); a notice
/// the core sends first (after the OAuth callback, after a crash) is an ephemeral follow-up to the interaction that
/// started it, while its token still works. A message that belongs to no interaction (an expiry reminder: its address
/// has no reply context) goes to the user's direct messages, when <c>Discord:BotToken</c> is set.
/// </summary>
internal sealed class DiscordChatNotifier(
    DiscordReplyContext replyContext,
    InteractionChannels channels,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordChatNotifier> logger) : IChatNotifier
{
    public string Platform => InteractionOrigin.Platform;

    public async Task ReplyAsync(ChatAddress address, ChatReply reply, ReplyTurn turn, CancellationToken cancellationToken)
    {
        if (address.ReplyContext is null)
        {
            await DirectMessageAsync(address, reply, cancellationToken);
            return;
        }

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

    /// <summary>Discord edits the interaction's deferred response with the status (<see cref="InteractionReplyChannel.ShowStatusAsync"/>).</summary>
    public Task ShowStatusAsync(ChatAddress address, ChatReply status, ReplyTurn turn, CancellationToken cancellationToken)
    {
        if (address.ReplyContext is null || !replyContext.TryRead(address.ReplyContext, out var target) || time.GetUtcNow() >= target.ExpiresAt)
        {
            return Task.CompletedTask;
        }

        return channels.For(target).ShowStatusAsync(status, cancellationToken);
    }

    public async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (address.ReplyContext is null)
        {
            await DirectMessageAsync(address, reply, cancellationToken);
            return;
        }

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

    private async Task DirectMessageAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        var botToken = options.Value.BotToken.Trim();
        if (botToken.Length == 0)
        {
            logger.LogInformation("Dropped a Discord message for user {UserId}: it answers no interaction, and without Discord:BotToken the bot cannot send direct messages", address.UserId);
            return;
        }

        try
        {
            await rest.SendDirectMessageAsync(address.UserId, DiscordReplyFormatter.ToMessage(reply, flags: null), botToken, cancellationToken);
        }
        catch (DiscordApiException ex) when (ex.Status is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.BadRequest)
        {
            // 50007 "Cannot send messages to this user" (DMs closed, no shared server): sending again cannot help.
            logger.LogInformation("Discord refused a direct message to user {UserId} ({Status} {Code})", address.UserId, (int?)ex.Status, ex.Code);
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
