using System.Text;
using System.Text.RegularExpressions;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>Turns the core's plain-text <see cref="ChatReply"/> into a Discord message.</summary>
internal static partial class DiscordReplyFormatter
{
    // DC: resources/message (content ≤ 2000), components/reference (link url ≤ 512, label ≤ 80, 5 buttons a row, 5 rows).
    private const int MaxContent = 2000;
    private const int MaxUrl = 512;
    private const int MaxLabel = 80;
    private const int ButtonsPerRow = 5;
    private const int MaxRows = 5;

    public static MessageBody ToMessage(ChatReply reply, int? flags)
    {
        var content = new StringBuilder(EscapeMarkdown(reply.Text));
        var buttons = new List<object>();
        foreach (var button in reply.Buttons)
        {
            var url = button.Url.AbsoluteUri;
            var usable = button.Url.Scheme is "https" or "http" && url.Length <= MaxUrl && buttons.Count < ButtonsPerRow * MaxRows;
            if (usable)
            {
                buttons.Add(new LinkButtonComponent(Truncate(button.Label, MaxLabel), url));
            }
            else
            {
                // Discord refuses the whole message for one oversized button: show the link as text instead.
                content.Append('\n').Append(EscapeMarkdown(button.Label)).Append(": <").Append(url).Append('>');
            }
        }

        if (reply.CodeEntry is { } codeEntry && buttons.Count < ButtonsPerRow * MaxRows)
        {
            buttons.Add(FinishLinkingForm.Button(codeEntry with { ButtonLabel = Truncate(codeEntry.ButtonLabel, MaxLabel) }));
        }

        if (reply.Confirm is { } confirm && buttons.Count < ButtonsPerRow * MaxRows)
        {
            buttons.Add(DiscordConfirmButtons.Button(confirm with { Label = Truncate(confirm.Label, MaxLabel) }));
        }

        // Buttons that come back as MESSAGE_COMPONENT interactions (Delete, Edit, Cancel …); Edit opens a modal.
        foreach (var action in reply.Actions)
        {
            if (buttons.Count < ButtonsPerRow * MaxRows)
            {
                buttons.Add(new ActionButtonComponent(Truncate(action.Label, MaxLabel), action.Data));
            }
        }

        var rows = buttons.Chunk(ButtonsPerRow).Select(chunk => new ActionRow(chunk)).ToArray();
        return new MessageBody(Truncate(content.ToString(), MaxContent), flags, rows.Length == 0 ? null : rows);
    }

    /// <summary>
    /// Escapes Discord markdown so plain text shows as written. URLs stay untouched: Discord links them
    /// as they are, and a backslash inside one would break it.
    /// </summary>
    internal static string EscapeMarkdown(string text)
    {
        var result = new StringBuilder(text.Length + 16);
        var position = 0;
        foreach (Match url in UrlPattern().Matches(text))
        {
            EscapeSegment(text.AsSpan(position, url.Index - position), result, position == 0 || text[position - 1] == '\n');
            result.Append(url.Value);
            position = url.Index + url.Length;
        }

        EscapeSegment(text.AsSpan(position), result, position == 0 || text[position - 1] == '\n');
        return result.ToString();
    }

    private static void EscapeSegment(ReadOnlySpan<char> segment, StringBuilder result, bool atLineStart)
    {
        var lineStart = atLineStart;
        for (var i = 0; i < segment.Length; i++)
        {
            var c = segment[i];
            if (c is '\\' or '*' or '_' or '~' or '`' or '|' or '[' or ']' or '<')
            {
                result.Append('\\');
            }
            else if (lineStart && c is '#' or '-' or '>' or '+')
            {
                result.Append('\\');
            }
            else if (lineStart && char.IsAsciiDigit(c))
            {
                // "1. item" becomes a numbered list; escaping the dot keeps the number.
                var end = i;
                while (end < segment.Length && char.IsAsciiDigit(segment[end]))
                {
                    end++;
                }

                result.Append(segment[i..end]);
                if (end < segment.Length && segment[end] == '.')
                {
                    result.Append('\\');
                }

                i = end - 1;
                lineStart = false;
                continue;
            }

            result.Append(c);
            if (c == '\n')
            {
                lineStart = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }
        }
    }

    private static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = max - 1;
        if (char.IsHighSurrogate(text[cut - 1]))
        {
            cut--;
        }

        return string.Concat(text.AsSpan(0, cut), "…");
    }

    // URLs, and Discord's timestamps (<t:1798102800:F>), which show each reader the time in their own zone.
    [GeneratedRegex(@"https?://[^\s<>]+|<t:\d{1,12}:[tTdDfFR]>", RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
