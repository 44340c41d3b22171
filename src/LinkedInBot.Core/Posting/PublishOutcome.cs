namespace LinkedInBot.Core.Posting;

/// <summary>
/// Every way a publish can end, as a value at the core's boundary (no exceptions for expected failures).
/// <see cref="OutcomeReplies"/> turns each into the one reply users see.
/// </summary>
public abstract record PublishOutcome
{
    private PublishOutcome()
    {
    }

    /// <summary>Published (or found already published, after an ambiguous failure).</summary>
    public sealed record Published(string Urn, Uri Url) : PublishOutcome
    {
        /// <summary>
        /// LinkedIn refused the create as a duplicate of this earlier post (the same text within minutes): nothing new
        /// was published, and the reply says so.
        /// </summary>
        public bool WasAlreadyPublished { get; init; }
    }

    /// <summary>The chat user has no LinkedIn account linked.</summary>
    public sealed record NotLinked : PublishOutcome;

    /// <summary>The token expired or was revoked (401 65600/65601/65602, or past its expiry date).</summary>
    public sealed record LinkExpired : PublishOutcome;

    /// <summary>403: the app lacks the product or the token the scope.</summary>
    public sealed record MissingPermission(string Detail) : PublishOutcome;

    /// <summary>429: LinkedIn throttles this member or the app (150 posts per member per day).</summary>
    public sealed record RateLimited : PublishOutcome;

    /// <summary>Another 4xx, or input refused before any call (too long, bad image).</summary>
    public sealed record Rejected(string Reason) : PublishOutcome;

    /// <summary>426: the configured LinkedIn-Version is retired. Operators must update <c>LinkedIn:ApiVersion</c>.</summary>
    public sealed record VersionRetired(string Version) : PublishOutcome;

    /// <summary>LinkedIn could not be reached, or the circuit is open: the request surely did not reach LinkedIn.</summary>
    public sealed record Unavailable(string Detail) : PublishOutcome;

    /// <summary>
    /// A create that reached LinkedIn and ended with no answer to trust (5xx, a timeout, a connection broken mid-way):
    /// the post may exist. <see cref="PostPublisher"/> settles it by sending the identical create once more.
    /// </summary>
    public sealed record Unconfirmed(string Detail) : PublishOutcome;

    /// <summary>
    /// A publish a stop cut off, found again too late to finish safely: the create may have reached LinkedIn, and
    /// its duplicate check no longer covers a second one.
    /// </summary>
    public sealed record Interrupted : PublishOutcome;

    /// <summary>
    /// An attachment could not be opened on its chat platform or broke a rule only its bytes show (a PDF over 300
    /// pages, an image over LinkedIn's pixel limit): nothing was posted. <see cref="Reason"/> is the whole reply.
    /// </summary>
    public sealed record AttachmentProblem(string Reason) : PublishOutcome;
}
