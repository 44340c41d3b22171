using System.Globalization;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Telegram;

/// <summary>Lets the core speak first in Telegram: "Linked as …" after the OAuth callback, resumed posts after a crash.</summary>
internal sealed class TelegramNotifier(TelegramReplySender sender, ILogger<TelegramNotifier> logger) : IChatNotifier
{
    public string Platform => TelegramAdapter.Platform;

    public Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (!long.TryParse(address.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            || !long.TryParse(address.UserId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var userId))
        {
            logger.LogWarning("Ignoring a notification for a malformed Telegram address (chat {ChatId}).", address.ChatId);
            return Task.CompletedTask;
        }

        var context = TelegramReplyContext.Parse(address.ReplyContext);

        // A private chat's id is the user's id; anything else is a group, supergroup or channel.
        var target = new TelegramReplyTarget(chatId, userId, IsGroupChat: chatId != userId, context.ReplyToMessageId, context.PrivateChat);
        return sender.SendAsync(target, reply, cancellationToken);
    }
}
