using System.Globalization;
using System.Text;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Web;
using Microsoft.AspNetCore.Mvc;

namespace LinkedInBot.Sandbox;

/// <summary><c>GET /sandbox/feed</c>: the sandbox's posts as LinkedIn would show them, newest first.</summary>
internal static partial class SandboxFeedPage
{
    public const string Path = "/sandbox/feed";

    /// <summary>The anchor of a post on the feed page (<c>#share-123</c>), so a chat reply can point at one post.</summary>
    public static string Anchor(string urn) =>
        urn.StartsWith("urn:li:", StringComparison.Ordinal) ? urn["urn:li:".Length..].Replace(':', '-') : urn.Replace(':', '-');

    public static IResult Show(SandboxLinkedIn linkedIn, [FromServices] SandboxVideos videos, [FromServices] IEnumerable<IChatNotifier> chats, [FromServices] IEnumerable<CommandNames> spellings)
    {
        var posts = linkedIn.Feed();
        var body = new StringBuilder();
        body.Append("<section class=\"card\"><h1>LinkedIn sandbox feed</h1>");
        body.Append("<p><strong>SANDBOX — nothing is published to LinkedIn.</strong> ");
        body.Append("The bot runs without a LinkedIn app (LinkedIn:ClientId is empty), so its built-in sandbox answers instead. ");
        body.Append("Posts and sign-ins are kept in the bot's database, so they survive a restart; images are kept in memory only, videos in a temporary folder until the bot stops.</p>");
        body.Append("<p class=\"muted\">").Append(posts.Count switch
        {
            0 => "No posts yet. " + HowToStart(chats.Select(c => c.Platform), new CommandNameBook(spellings)),
            1 => "1 post.",
            _ => string.Create(CultureInfo.InvariantCulture, $"{posts.Count} posts, newest first."),
        }).Append(" Reload to see new ones.</p></section>");

        foreach (var post in posts)
        {
            AppendPost(body, linkedIn, videos, post);
        }

        return HtmlPage.Result(HtmlPage.Document("LinkedIn sandbox feed", body.ToString()));
    }

    /// <summary>
    /// The first steps, in the command spelling of each chat the bot runs ("/link" on Telegram, "/linkedin link"
    /// on Discord); every platform has a chat adapter that registered a notifier.
    /// </summary>
    internal static string HowToStart(IEnumerable<string> platforms, CommandNameBook commands)
    {
        var ways = platforms.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(commands.For)
            .GroupBy(names => (names.Link, names.Post))
            .ToList();
        return ways switch
        {
            [] => "In the chat, link your LinkedIn account, allow the sandbox, then post your text.",
            [var only] => $"In the chat, send {only.Key.Link}, allow the sandbox, then send {only.Key.Post} followed by your text.",
            _ => "In the chat, link your LinkedIn account, allow the sandbox, then post your text ("
                + string.Join("; ", ways.Select(way => $"{way.Key.Link} then {way.Key.Post} on {string.Join(" and ", way.Select(names => Capitalized(names.Platform)))}"))
                + ").",
        };
    }

    /// <summary>
    /// <c>#word</c> as LinkedIn shows it: a link to the hashtag's feed. Runs on encoded text, where a hashtag is still
    /// <c>#</c> and word characters (an entity such as <c>&amp;#39;</c> is preceded by <c>&amp;</c>, not a space).
    /// </summary>
    internal static string WithHashtagLinks(string encodedText) => Hashtag().Replace(
        encodedText,
        match => $"<a class=\"hashtag\" href=\"https://www.linkedin.com/feed/hashtag/{match.Groups["tag"].Value.ToLowerInvariant()}/\">#{match.Groups["tag"].Value}</a>");

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<=^|[\s(])#(?<tag>[\p{L}\p{N}_]+)")]
    private static partial System.Text.RegularExpressions.Regex Hashtag();

    private static string Capitalized(string platform) =>
        platform.Length == 0 ? platform : string.Concat(char.ToUpperInvariant(platform[0]).ToString(), platform.AsSpan(1));

    private static void AppendPost(StringBuilder body, SandboxLinkedIn linkedIn, SandboxVideos videos, SandboxPost post)
    {
        body.Append("<article class=\"card\" id=\"").Append(HtmlPage.Encode(Anchor(post.Urn))).Append("\">");
        body.Append("<p><strong>").Append(HtmlPage.Encode(post.Author.Name)).Append("</strong><br><span class=\"muted\">")
            .Append(HtmlPage.Encode(post.CreatedAt.UtcDateTime.ToString("d MMMM yyyy, HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)))
            .Append(" · ").Append(HtmlPage.Encode(post.Visibility)).Append("</span></p>");
        body.Append("<div class=\"post\">").Append(WithHashtagLinks(HtmlPage.Encode(post.RenderedText))).Append("</div>");

        // As LinkedIn shows it: the image below the text, the full width of the post, however small the image or short the text.
        if (post.ImageId is { } imageId)
        {
            var image = linkedIn.FindImage(imageId);
            if (image?.ContentType is { } type && type != SandboxImageTypes.Unknown)
            {
                body.Append("<img class=\"post-image\" src=\"").Append(HtmlPage.Encode(SandboxRegistration.BasePath + SandboxApiEndpoints.MediaPath + "/" + imageId))
                    .Append("\" alt=\"").Append(HtmlPage.Encode(post.ImageAltText ?? string.Empty)).Append("\">");
            }
            else
            {
                body.Append("<p class=\"muted\">(The image is not a JPG, PNG or GIF: LinkedIn would fail to process it.)</p>");
            }
        }

        // A video as LinkedIn shows it: a player the width of the post, under the text.
        if (post.Media?.VideoId is { } videoId)
        {
            if (videos.Find(videoId) is { Status: "AVAILABLE" })
            {
                body.Append("<video class=\"post-image\" controls preload=\"metadata\" src=\"")
                    .Append(HtmlPage.Encode(SandboxRegistration.BasePath + SandboxVideoEndpoints.VideoPath + "/" + videoId)).Append("\"></video>");
            }
            else
            {
                body.Append("<p class=\"muted\">(The video is no longer kept: the sandbox keeps videos until the bot stops, and the last ").Append(SandboxVideos.MaxVideos).Append(" only.)</p>");
            }
        }

        // A link card as LinkedIn shows it: the thumbnail over the full width, then the title and the site's host.
        if (post.Article is { } article)
        {
            body.Append("<a class=\"article-card\" href=\"").Append(HtmlPage.Encode(article.Source)).Append("\" rel=\"noopener noreferrer nofollow\">");
            if (article.ThumbnailId is { } thumbnailId && linkedIn.FindImage(thumbnailId)?.ContentType is { } thumbnailType && thumbnailType != SandboxImageTypes.Unknown)
            {
                body.Append("<img class=\"post-image\" src=\"").Append(HtmlPage.Encode(SandboxRegistration.BasePath + SandboxApiEndpoints.MediaPath + "/" + thumbnailId))
                    .Append("\" alt=\"\">");
            }

            body.Append("<strong class=\"article-title\">").Append(HtmlPage.Encode(article.Title)).Append("</strong>");
            if (article.Description is { Length: > 0 } description)
            {
                body.Append("<span class=\"article-description\">").Append(HtmlPage.Encode(description)).Append("</span>");
            }

            var host = Uri.TryCreate(article.Source, UriKind.Absolute, out var sourceUri) ? sourceUri.Host : article.Source;
            body.Append("<span class=\"muted article-host\">").Append(HtmlPage.Encode(host)).Append("</span></a>");
        }

        // Several images as LinkedIn lays them out: a grid under the text, each with its alt text.
        if (post.Media?.Images is { } images)
        {
            body.Append("<div class=\"image-grid\">");
            foreach (var shown in images)
            {
                if (linkedIn.FindImage(shown.Id)?.ContentType is { } type && type != SandboxImageTypes.Unknown)
                {
                    body.Append("<img class=\"post-image\" src=\"").Append(HtmlPage.Encode(SandboxRegistration.BasePath + SandboxApiEndpoints.MediaPath + "/" + shown.Id))
                        .Append("\" alt=\"").Append(HtmlPage.Encode(shown.AltText ?? string.Empty)).Append("\">");
                }
                else
                {
                    body.Append("<span class=\"muted image-gone\">").Append(HtmlPage.Encode(shown.AltText ?? "(image)")).Append("</span>");
                }
            }

            body.Append("</div>");
        }

        // A document as LinkedIn shows it before its pages load: its title on a card.
        if (post.Media?.Document is { } document)
        {
            body.Append("<div class=\"article-card document-card\"><strong class=\"article-title\">").Append(HtmlPage.Encode(document.Title))
                .Append("</strong><span class=\"muted article-host\">Document · ")
                .Append(HtmlPage.Encode(AttachmentReplies.Megabytes(document.Length))).Append(" MB</span></div>");
        }

        body.Append("<details class=\"muted\"><summary>").Append(HtmlPage.Encode(post.Urn)).Append("</summary>");
        body.Append("<p>Little text the bot sent (LinkedIn shows the text above):</p><div class=\"post\">")
            .Append(HtmlPage.Encode(post.Commentary)).Append("</div></details>");
        body.Append("</article>");
    }
}
