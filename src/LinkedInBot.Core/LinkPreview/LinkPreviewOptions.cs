namespace LinkedInBot.Core.LinkPreview;

/// <summary><c>LinkPreview:*</c> — the link cards the bot makes for posts that contain a URL.</summary>
public sealed class LinkPreviewOptions
{
    public const string Section = "LinkPreview";

    /// <summary>
    /// Allows fetching pages (and their images) on loopback and private addresses. Off by default: a chat user chooses
    /// the URL, and the bot must not become their way into its own network (see docs/security.md). Turn it on for an
    /// intranet install whose links point at internal pages.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }
}
