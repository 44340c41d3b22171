using System.Text.RegularExpressions;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>Finds the link a post's card is made for: the first http(s) URL of its text.</summary>
public static partial class LinkUrls
{
    /// <summary>The post's first http(s) URL, or null. Trailing punctuation of the sentence is not part of it.</summary>
    public static Uri? FindFirst(string text)
    {
        foreach (Match match in UrlPattern().Matches(text))
        {
            var candidate = match.Value.TrimEnd('.', ',', ';', ':', '!', '?', '\'', '"');
            // A closing bracket belongs to the URL only when the URL opened one: "(see https://x.org/a_(b))".
            while (candidate.EndsWith(')') && candidate.Count(c => c == ')') > candidate.Count(c => c == '('))
            {
                candidate = candidate[..^1].TrimEnd('.', ',', ';', ':', '!', '?');
            }

            if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host)
                && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }
        }

        return null;
    }

    [GeneratedRegex(@"\bhttps?://[^\s<>""]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPattern();
}
