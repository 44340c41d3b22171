using LinkedInBot.Core.Chat;

namespace LinkedInBot.Telegram;

/// <summary>Where the reply to one request (or one notification) belongs.</summary>
/// <param name="ChatId">The chat the command came from.</param>
/// <param name="UserId">The requesting user; their private chat with the bot has the same id.</param>
/// <param name="IsGroupChat">Others can read <paramref name="ChatId"/>.</param>
/// <param name="ReplyToMessageId">The message to quote, if any.</param>
/// <param name="PreferPrivateChat">Notifications of a /link started in a group go to the user's private chat.</param>
/// <param name="PressedMessageId">The bot's message whose button was pressed: a reply that replaces it edits it.</param>
internal sealed record TelegramReplyTarget(long ChatId, long UserId, bool IsGroupChat, int? ReplyToMessageId, bool PreferPrivateChat = false, int? PressedMessageId = null);

/// <summary>
/// Decides where a <see cref="ChatReply"/> goes. A Secret reply (an OAuth link: whoever opens it binds their
/// LinkedIn account to the requester) never goes to a group: it goes to the user's private chat, and if
/// Telegram does not let the bot write there yet (bots cannot start conversations), the group gets a button
/// that opens the private chat with <c>/start link</c> instead of the link itself.
/// </summary>
internal sealed class TelegramReplySender(TelegramReplyDelivery delivery, TelegramBotIdentity identity, ILogger<TelegramReplySender> logger)
{
    internal const string SentPrivatelyText = RequestReplies.SentPrivately;
    internal const string OpenPrivateChatText = RequestReplies.OpenPrivateChat;
    internal const string OpenPrivateChatLabel = RequestReplies.OpenPrivateChatLabel;

    /// <summary>
    /// Delivers the reply. A definite refusal by Telegram (blocked, kicked, chat gone) is logged and swallowed:
    /// sending again later cannot succeed. Transient failures that outlast the retries are thrown, so the core
    /// does not record the reply as delivered.
    /// </summary>
    public async Task SendAsync(TelegramReplyTarget target, ChatReply reply, CancellationToken cancellationToken)
    {
        try
        {
            if (target.IsGroupChat && reply.Visibility == ReplyVisibility.Secret)
            {
                await SendSecretFromGroupAsync(target, reply, cancellationToken);
            }
            else if (target.IsGroupChat && target.PreferPrivateChat)
            {
                await SendPreferablyPrivateAsync(target, reply, cancellationToken);
            }
            else if (reply.ReplacesPressedMessage && target.PressedMessageId is { } pressed)
            {
                await delivery.EditAsync(target.ChatId, pressed, reply.Text, reply.Buttons, reply.Actions, cancellationToken);
            }
            else
            {
                await delivery.SendAsync(target.ChatId, reply.Text, reply.Buttons, target.ReplyToMessageId, cancellationToken, reply.Actions, reply.Confirm);
            }
        }
        catch (Exception e) when (TelegramErrors.IsPermanent(e))
        {
            logger.LogWarning("A reply to Telegram chat {ChatId} was refused and is dropped: {Error}.", target.ChatId, TelegramErrors.Describe(e));
        }
    }

    private async Task SendSecretFromGroupAsync(TelegramReplyTarget target, ChatReply reply, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.SendAsync(target.UserId, reply.Text, reply.Buttons, null, cancellationToken);
        }
        catch (Exception e) when (TelegramErrors.IsPermanent(e))
        {
            logger.LogInformation("Cannot message Telegram user {UserId} privately yet ({Error}); offering the private chat in the group.", target.UserId, TelegramErrors.Describe(e));
            var username = await identity.WaitAsync(cancellationToken);
            var openPrivateChat = new LinkButton(OpenPrivateChatLabel, new Uri($"https://t.me/{username}?start=link"));
            await delivery.SendAsync(target.ChatId, OpenPrivateChatText, [openPrivateChat], target.ReplyToMessageId, cancellationToken);
            return;
        }

        await delivery.SendAsync(target.ChatId, SentPrivatelyText, [], target.ReplyToMessageId, cancellationToken);
    }

    private async Task SendPreferablyPrivateAsync(TelegramReplyTarget target, ChatReply reply, CancellationToken cancellationToken)
    {
        try
        {
            await delivery.SendAsync(target.UserId, reply.Text, reply.Buttons, null, cancellationToken, reply.Actions, reply.Confirm);
        }
        catch (Exception e) when (TelegramErrors.IsPermanent(e))
        {
            logger.LogInformation("Cannot message Telegram user {UserId} privately ({Error}); answering in the group.", target.UserId, TelegramErrors.Describe(e));
            await delivery.SendAsync(target.ChatId, reply.Text, reply.Buttons, target.ReplyToMessageId, cancellationToken, reply.Actions, reply.Confirm);
        }
    }
}
