using System.Text;
using System.Text.RegularExpressions;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// The fake's own little-text renderer: written apart from the product's <c>LittleText</c> (a token regex instead of
/// a character loop) so tests check the product's escaper against an independent reading of the same rules:
/// <c>\x</c> shows x; a hashtag is a <c>#</c> at the start or after whitespace followed by letters, decimal digits and
/// combining marks with at least one letter; mentions <c>@[Name](urn:li:person:…)</c>; templates
/// <c>{hashtag|\#|word}</c>; any other unescaped reserved character ends the visible text.
/// </summary>
public sealed partial class FakeLinkedInServer
{
    public static FakeRendering RenderLittleText(string littleText)
    {
        var shown = new StringBuilder();
        var hashtags = new List<string>();
        var position = 0;
        while (position < littleText.Length)
        {
            var token = LittleTextToken().Match(littleText, position);
            if (!token.Success || token.Length == 0)
            {
                return new FakeRendering(shown.ToString(), hashtags, Truncated: true);
            }

            if (token.Groups["plain"].Success)
            {
                shown.Append(token.Value);
            }
            else if (token.Groups["escaped"].Success)
            {
                shown.Append(token.Groups["escaped"].Value);
            }
            else if (token.Groups["tag"].Success)
            {
                hashtags.Add(token.Groups["tag"].Value);
                shown.Append('#').Append(token.Groups["tag"].Value);
            }
            else if (token.Groups["templateTag"].Success)
            {
                hashtags.Add(token.Groups["templateTag"].Value);
                shown.Append('#').Append(token.Groups["templateTag"].Value);
            }
            else
            {
                shown.Append(token.Groups["mention"].Value);
            }

            position += token.Length;
        }

        return new FakeRendering(shown.ToString(), hashtags, Truncated: false);
    }

    [GeneratedRegex("""
        \G(?:
            (?<plain>[^|{}@\[\]()<>\#\\*_~]+)
          | \\(?<escaped>[\s\S])
          | (?<=^|\s)\#(?<tag>(?=[\p{L}\p{Nd}\p{Mn}\p{Mc}]*\p{L})[\p{L}\p{Nd}\p{Mn}\p{Mc}]+)
          | @\[(?<mention>[^\[\]\\]*)\]\(urn:li:(?:person|organization):[^()\s\\]+\)
          | \{hashtag\|\\\#\|(?<templateTag>[\p{L}\p{Nd}\p{Mn}\p{Mc}]+)\}
        )
        """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex LittleTextToken();
}

/// <summary>What LinkedIn would show for a commentary, the hashtags it links, and whether the text was cut.</summary>
public sealed record FakeRendering(string Text, IReadOnlyList<string> Hashtags, bool Truncated);
