using System.Globalization;

namespace LinkedInBot.Telegram;

/// <summary>
/// What the adapter keeps in <see cref="Core.Chat.ChatAddress.ReplyContext"/> so that a later
/// notification lands in the right place:
/// <list type="bullet">
/// <item><c>pm</c>: notices go to the user's private chat (a <c>/link</c> started in a group: "Linked as …" is
/// nobody else's business);</item>
/// <item><c>m:&lt;id&gt;</c>: notices go to the chat, as a reply to message id (a post resumed after a crash
/// answers the <c>/post</c> that asked for it);</item>
/// <item><c>b:&lt;id&gt;</c>: the answer to a pressed button, which may replace that message (id) of the bot.</item>
/// </list>
/// </summary>
internal readonly record struct TelegramReplyContext(bool PrivateChat, int? ReplyToMessageId, int? PressedMessageId = null)
{
    private const string PrivatePrefix = "pm";
    private const string MessagePrefix = "m:";
    private const string PressedPrefix = "b:";

    public static string ForPressedMessage(int messageId) => PressedPrefix + messageId.ToString(CultureInfo.InvariantCulture);

    public static string ForPrivateChat() => PrivatePrefix;

    public static string ForMessage(int messageId) => MessagePrefix + messageId.ToString(CultureInfo.InvariantCulture);

    /// <summary>Anything unknown (or null) means: answer in the chat, without quoting.</summary>
    public static TelegramReplyContext Parse(string? value)
    {
        if (value == PrivatePrefix)
        {
            return new(true, null);
        }

        if (value is not null && value.StartsWith(MessagePrefix, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(MessagePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return new(false, id);
        }

        if (value is not null && value.StartsWith(PressedPrefix, StringComparison.Ordinal)
            && int.TryParse(value.AsSpan(PressedPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var pressed))
        {
            return new(false, pressed, pressed);
        }

        return new(false, null);
    }
}
