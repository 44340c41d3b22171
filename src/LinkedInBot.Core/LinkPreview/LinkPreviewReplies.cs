using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>The words for a link card that could not be made. The post goes out anyway, with its text.</summary>
public static class LinkPreviewReplies
{
    /// <summary>A sentence added to the publish reply when the post went out without its card.</summary>
    public static string Missing(LinkPreviewProblem problem, string? detail) =>
        "The link card is missing: " + Why(problem, detail) + " The post went out with its text only.";

    /// <summary>The image could not be used; the card went out without a picture.</summary>
    public static string ImageMissing(string why) =>
        "The link card has no picture: " + why;

    private static string Why(LinkPreviewProblem problem, string? detail) => problem switch
    {
        LinkPreviewProblem.AddressRefused => $"the link points at a {detail ?? "private"} address, which the bot does not fetch (LinkPreview:AllowPrivateNetworks).",
        LinkPreviewProblem.NotHttp => "only http and https links get a card.",
        LinkPreviewProblem.Unreachable => "the page could not be reached.",
        LinkPreviewProblem.TimedOut => "the page took longer than 5 seconds.",
        LinkPreviewProblem.TooLarge => "the page is larger than 2 MB.",
        LinkPreviewProblem.HttpError => $"the site answered {detail ?? "with an error"}.",
        LinkPreviewProblem.NotHtml => "the link is not a web page.",
        LinkPreviewProblem.TooManyRedirects => "the link redirects more than 5 times.",
        LinkPreviewProblem.NoTitle => "the page has no title.",
        _ => "the page could not be read.",
    };

    /// <summary>Why an og:image could not be used, for <see cref="ImageMissing"/>.</summary>
    public static string ImageProblem(LinkPreviewProblem problem, string? detail) => problem switch
    {
        LinkPreviewProblem.TooLarge => LinkedInImageRules.TooBig(long.TryParse(detail, out var length) ? length : LinkedInImageRules.MaxBytes + 1),
        // The image rules' own sentence ("That file is not a JPEG, PNG or GIF image.").
        LinkPreviewProblem.NotHtml when detail is not null => detail,
        _ => Why(problem, detail).Replace("the page", "the picture", StringComparison.Ordinal).Replace("the link", "the picture", StringComparison.Ordinal),
    };
}
