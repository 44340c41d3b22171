using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// LinkedIn's "little text" format of a post's <c>commentary</c>. LinkedIn answers 201 even when the text holds an
/// unescaped reserved character, but the visible post silently ends just before it (n8n #10179, activepieces #3058,
/// postiz #442). So everything a user types is escaped, except hashtags, which only work unescaped.
/// </summary>
/// <remarks>
/// The hashtag rule, shared by <see cref="Escape"/> and <see cref="Render"/>: a <c>#</c> is a live hashtag when it
/// stands at the start of the text or right after whitespace, and is followed by a run of letters, decimal digits and
/// combining marks that holds at least one letter (<c>#dotnet</c>, <c>#web3</c>, <c>#日本</c>). The tag ends at the
/// first other character, which is escaped as usual (<c>#foo_bar</c> becomes the hashtag <c>#foo</c> followed by a
/// literal <c>_bar</c>; the text still reads as typed). Everything else is escaped: <c>C#</c>, <c>#1</c>, <c># </c>,
/// <c>(#tag)</c>. When in doubt we escape, because a <c>#</c> LinkedIn does not take as a hashtag cuts the post,
/// while an escaped one merely shows as plain text.
/// </remarks>
public static partial class LittleText
{
    /// <summary>LinkedIn's limit for <c>commentary</c>; the core counts the user's text, not the escaped one.</summary>
    public const int MaxPostLength = 3000;

    private const string ReservedCharacters = @"|{}@[]()<>#\*_~";

    /// <summary>True for the characters little text reserves.</summary>
    public static bool IsReserved(char c) => ReservedCharacters.Contains(c, StringComparison.Ordinal);

    /// <summary>
    /// Plain text → little text that LinkedIn displays exactly as typed. A single pass: every reserved character gets
    /// one backslash in front (so a backslash is doubled once), except the <c>#</c> of a hashtag.
    /// </summary>
    public static string Escape(string plain)
    {
        ArgumentNullException.ThrowIfNull(plain);
        var escaped = new StringBuilder(plain.Length + 16);
        for (var i = 0; i < plain.Length; i++)
        {
            var c = plain[i];
            if (IsReserved(c) && !(c == '#' && StartsHashtag(plain, i)))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    /// <summary>
    /// What LinkedIn displays for <paramref name="littleText"/>: <c>\x</c> shows as <c>x</c>; hashtags, mentions
    /// (<c>@[Name](urn:li:person:…)</c> shows as Name) and hashtag templates (<c>{hashtag|\#|word}</c>) render; the
    /// text ends at the first unescaped reserved character that does not start one of those elements.
    /// </summary>
    public static string Render(string littleText)
    {
        ArgumentNullException.ThrowIfNull(littleText);
        var shown = new StringBuilder(littleText.Length);
        var i = 0;
        while (i < littleText.Length)
        {
            var c = littleText[i];
            if (!IsReserved(c))
            {
                shown.Append(c);
                i++;
            }
            else if (c == '\\' && i + 1 < littleText.Length)
            {
                shown.Append(littleText[i + 1]);
                i += 2;
            }
            else if (c == '#' && StartsHashtag(littleText, i))
            {
                var length = 1 + HashtagBodyLength(littleText, i + 1);
                shown.Append(littleText, i, length);
                i += length;
            }
            else if (c == '@' && Mention().Match(littleText, i) is { Success: true } mention)
            {
                shown.Append(mention.Groups["name"].Value);
                i += mention.Length;
            }
            else if (c == '{' && HashtagTemplate().Match(littleText, i) is { Success: true } template)
            {
                shown.Append('#').Append(template.Groups["tag"].Value);
                i += template.Length;
            }
            else
            {
                break;
            }
        }

        return shown.ToString();
    }

    private static bool StartsHashtag(string text, int hashIndex) =>
        (hashIndex == 0 || char.IsWhiteSpace(text[hashIndex - 1])) && HashtagBodyLength(text, hashIndex + 1) > 0;

    /// <summary>The length of the tag after a <c>#</c>, or 0 when it is no tag (no letter in it).</summary>
    private static int HashtagBodyLength(string text, int start)
    {
        var end = start;
        var hasLetter = false;
        while (end < text.Length && IsTagCharacter(text[end]))
        {
            hasLetter |= char.IsLetter(text[end]);
            end++;
        }

        return hasLetter ? end - start : 0;
    }

    private static bool IsTagCharacter(char c) =>
        char.IsLetterOrDigit(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    [GeneratedRegex(@"\G@\[(?<name>[^\[\]\\]*)\]\(urn:li:(?:person|organization):[^()\s\\]+\)")]
    private static partial Regex Mention();

    [GeneratedRegex(@"\G\{hashtag\|\\#\|(?<tag>[\p{L}\p{Nd}\p{Mn}\p{Mc}]+)\}")]
    private static partial Regex HashtagTemplate();
}
