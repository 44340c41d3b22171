using Telegram.Bot.Extensions;

namespace LinkedInBot.Telegram;

/// <summary>Turns the core's plain text into what sendMessage accepts.</summary>
internal static class TelegramText
{
    /// <summary>Telegram's sendMessage limit, counted on the text after entity parsing (TG: sendMessage).</summary>
    public const int MaxMessageLength = 4096;

    private const string Ellipsis = "…";

    /// <summary>Escaped for parse_mode HTML: the core's text is plain, so nothing in it may become markup.</summary>
    public static string ToHtml(string plainText) => HtmlText.Escape(Truncate(plainText));

    /// <summary>
    /// Cuts to the limit without splitting a surrogate pair, so the visible text stays valid UTF-16.
    /// An empty text would be refused ("message text is empty"), so it becomes a single ellipsis.
    /// </summary>
    public static string Truncate(string text, int maxLength = MaxMessageLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Ellipsis;
        }

        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - Ellipsis.Length;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), Ellipsis);
    }
}
