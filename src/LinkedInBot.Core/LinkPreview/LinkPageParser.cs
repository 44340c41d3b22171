using AngleSharp.Html.Parser;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>Reads a page's card: Open Graph first, then Twitter's tags, then the plain title and description.</summary>
public static class LinkPageParser
{
    private const int MaxTitle = 400;
    private const int MaxDescription = 4000;

    /// <summary>The card of the page at <paramref name="source"/> (relative image URLs resolve against <paramref name="pageUrl"/>), or null without a title.</summary>
    public static LinkCard? Parse(string html, Uri source, Uri pageUrl)
    {
        var document = new HtmlParser().ParseDocument(html);

        string? Meta(string key)
        {
            foreach (var element in document.QuerySelectorAll("meta"))
            {
                var name = element.GetAttribute("property") ?? element.GetAttribute("name");
                var content = element.GetAttribute("content");
                if (string.Equals(name, key, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(content))
                {
                    return content.Trim();
                }
            }

            return null;
        }

        var title = Meta("og:title") ?? Meta("twitter:title") ?? NullIfBlank(document.Title);
        if (title is null)
        {
            return null;
        }

        var description = Meta("og:description") ?? Meta("twitter:description") ?? Meta("description");
        var image = Meta("og:image") ?? Meta("og:image:url") ?? Meta("twitter:image") ?? Meta("twitter:image:src");
        Uri? imageUrl = image is not null && Uri.TryCreate(pageUrl, image, out var resolved)
            && (resolved.Scheme == Uri.UriSchemeHttp || resolved.Scheme == Uri.UriSchemeHttps)
            ? resolved
            : null;
        return new LinkCard(source, Clip(title, MaxTitle), description is null ? null : Clip(description, MaxDescription), imageUrl);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Clip(string value, int max)
    {
        var collapsed = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return collapsed.Length <= max ? collapsed : collapsed[..(max - 1)] + "…";
    }
}
