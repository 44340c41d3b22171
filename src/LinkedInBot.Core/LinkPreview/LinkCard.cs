namespace LinkedInBot.Core.LinkPreview;

/// <summary>What a page says about itself: the makings of LinkedIn's <c>content.article</c>.</summary>
public sealed record LinkCard(Uri Source, string Title, string? Description, Uri? ImageUrl);

/// <summary>Why a link card could not be made; worded for the user by <see cref="LinkPreviewReplies"/>.</summary>
public enum LinkPreviewProblem
{
    /// <summary>The host is (or resolves to, or redirects to) an address the bot does not fetch from.</summary>
    AddressRefused,
    NotHttp,
    Unreachable,
    TimedOut,
    TooLarge,
    HttpError,
    NotHtml,
    TooManyRedirects,
    NoTitle,
}

/// <summary>A card, or why there is none (<see cref="Detail"/> is for the reply: a status code, an address kind).</summary>
public sealed record LinkPreviewResult(LinkCard? Card, LinkPreviewProblem? Problem, string? Detail = null)
{
    public static LinkPreviewResult Fail(LinkPreviewProblem problem, string? detail = null) => new(null, problem, detail);
}

/// <summary>A downloaded image, or why there is none.</summary>
public sealed record LinkImageResult(byte[]? Bytes, LinkPreviewProblem? Problem, string? Detail = null);
