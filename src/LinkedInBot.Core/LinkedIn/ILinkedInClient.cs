using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>The LinkedIn endpoints the bot uses. One implementation talks HTTP; tests point it at a fake server.</summary>
public interface ILinkedInClient
{
    /// <summary>The consent URL for <paramref name="state"/>, redirecting to <c>{Bot:PublicBaseUrl}/auth/linkedin/callback</c>.</summary>
    Uri BuildAuthorizeUrl(string state);

    /// <summary>Exchanges an authorization code for a token. Never throws for LinkedIn's answers.</summary>
    Task<TokenExchangeResult> ExchangeCodeAsync(string code, CancellationToken cancellationToken);

    /// <summary>OpenID userinfo → the member's URN and display name.</summary>
    Task<LinkedInResult<LinkedInMember>> GetMemberAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>
    /// The company pages the member may post as: the organizations of their approved ACLs with a posting role
    /// (<c>GET /rest/organizationAcls?q=roleAssignee&amp;state=APPROVED</c>), each named from <c>GET /rest/organizations/{id}</c>.
    /// Needs <c>r_organization_admin</c>.
    /// </summary>
    Task<LinkedInResult<IReadOnlyList<LinkedInPage>>> GetPagesAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>
    /// A new access token for a refresh token (<c>grant_type=refresh_token</c>); the refresh token's own deadline does not
    /// move. Never throws for LinkedIn's answers; <see cref="TokenExchangeResult.Error"/> says why not.
    /// </summary>
    Task<TokenExchangeResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken);

    /// <summary>Best effort: returns false when LinkedIn did not confirm; never throws.</summary>
    Task<bool> RevokeAsync(string accessToken, CancellationToken cancellationToken);

    /// <summary>initializeUpload → PUT bytes; returns the image URN for <c>content.media.id</c>.</summary>
    Task<LinkedInResult<string>> UploadImageAsync(string accessToken, string ownerUrn, ReadOnlyMemory<byte> image, CancellationToken cancellationToken);

    /// <summary>
    /// Uploads a video of <paramref name="length"/> bytes from <paramref name="video"/>, read once and in order, one
    /// part (about 4 MiB) in memory at a time: initializeUpload → a PUT per byte range LinkedIn names → finalizeUpload
    /// with the parts' ETags in order → waits until LinkedIn has processed it. Returns the video URN for
    /// <c>content.media.id</c>; a video LinkedIn cannot process is <see cref="PublishOutcome.Rejected"/> with its reason.
    /// </summary>
    Task<LinkedInResult<string>> UploadVideoAsync(string accessToken, string ownerUrn, Stream video, long length, IProgress<VideoUploadProgress>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a post from the user's plain text (escaped here into little text). A 422 DUPLICATE_POST is reported as
    /// <see cref="PublishOutcome.Published"/> with the original URN, so sending a post again within LinkedIn's
    /// duplicate window finds the first one. The create itself is retried only when it cannot have reached LinkedIn.
    /// </summary>
    Task<PublishOutcome> CreatePostAsync(string accessToken, string authorUrn, string text, string? imageUrn, CancellationToken cancellationToken);

    /// <summary>
    /// As above, with a link card: <c>content.article</c> instead of <c>content.media</c> when <paramref name="article"/>
    /// is set. LinkedIn does not scrape the URLs of posts made through its API, so the card is the client's to send.
    /// </summary>
    Task<PublishOutcome> CreatePostAsync(string accessToken, string authorUrn, string text, string? imageUrn, LinkedInArticle? article, CancellationToken cancellationToken);

    /// <summary>
    /// As above, with uploaded media: one item is <c>content.media</c> {id, title, altText} (a document, a video, an
    /// image), several are <c>content.multiImage.images</c> [{id, altText}] in their order.
    /// </summary>
    Task<PublishOutcome> CreateMediaPostAsync(string accessToken, string authorUrn, string text, IReadOnlyList<LinkedInMedia> media, CancellationToken cancellationToken);

    /// <summary>
    /// Documents API: initializeUpload → one PUT of the whole file (LinkedIn keeps only the last PUT, so never in parts);
    /// returns the document URN. <paramref name="content"/> must be seekable, so a retried PUT sends the same bytes.
    /// </summary>
    Task<LinkedInResult<string>> UploadDocumentAsync(string accessToken, string ownerUrn, Stream content, CancellationToken cancellationToken);

    /// <summary>Deletes a post; deleting twice is fine (LinkedIn answers 204 both times).</summary>
    Task<LinkedInResult<bool>> DeletePostAsync(string accessToken, string postUrn, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a post's text (a partial update of <c>commentary</c>, escaped into little text like a create). Setting
    /// the same text twice is harmless, so a repeated edit is safe.
    /// </summary>
    Task<LinkedInResult<bool>> UpdatePostTextAsync(string accessToken, string postUrn, string text, CancellationToken cancellationToken);
}

/// <summary>A link card as LinkedIn takes it: <c>content.article</c> {source, title, description, thumbnail (an image URN)}.</summary>
public sealed record LinkedInArticle(string Source, string Title, string? Description, string? ThumbnailUrn);

/// <summary>How far a video upload is: bytes sent of the total, then (<see cref="Processing"/>) LinkedIn processing it.</summary>
public sealed record VideoUploadProgress(long BytesSent, long TotalBytes, bool Processing);

/// <summary>An uploaded asset as a post names it: its URN, a title (required for a document) and alt text (images).</summary>
public sealed record LinkedInMedia(string Id, string? Title = null, string? AltText = null);
/// <summary>A company page the member may post as: its organization id, <c>localizedName</c> and <c>vanityName</c>.</summary>
public sealed record LinkedInPage(string OrganizationId, string Name, string? VanityName)
{
    public string Urn => "urn:li:organization:" + OrganizationId;
}

/// <summary>A member as the bot stores it.</summary>
public sealed record LinkedInMember(string PersonUrn, string Name);

/// <summary>A LinkedIn token. Self-serve apps get no refresh token: the user links again after about 60 days.</summary>
public sealed record LinkedInToken(string AccessToken, DateTimeOffset ExpiresAt, IReadOnlyList<string> Scopes)
{
    /// <summary>
    /// Given only to apps of LinkedIn's partner programmes (Community Management): renews the access token without the
    /// member, until <see cref="RefreshExpiresAt"/> (about a year, not moved by refreshing).
    /// </summary>
    public string? RefreshToken { get; init; }

    public DateTimeOffset? RefreshExpiresAt { get; init; }

    // A record prints every member (and TokenExchangeResult prints this one): the token is masked, as in AccountLink.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"AccessToken = ***, ExpiresAt = {ExpiresAt:O}, Scopes = {string.Join(' ', Scopes)}, RefreshToken = {(RefreshToken is null ? "null" : "***")}");
        return true;
    }
}

/// <summary>
/// The code exchange: a token, or why not. <see cref="Error"/> is fit for the user and says only what went wrong,
/// never what to do next: the caller knows the user's platform and how its link command is spelled.
/// </summary>
public sealed record TokenExchangeResult(LinkedInToken? Token, string? Error)
{
    /// <summary>LinkedIn could not be reached or failed on its side: trying again later may work.</summary>
    public bool Unreachable { get; init; }

    public bool Succeeded => Token is not null;
}

/// <summary>A value or the outcome that explains why there is none.</summary>
public sealed record LinkedInResult<T>(T? Value, PublishOutcome? Failure)
{
    public bool Succeeded => Failure is null;

    public static LinkedInResult<T> Ok(T value) => new(value, null);

    public static LinkedInResult<T> Fail(PublishOutcome failure) => new(default, failure);
}
