using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.Storage;

/// <summary>A chat user's linked LinkedIn account. The token is plain here and encrypted only inside the store.</summary>
public sealed record AccountLink(
    ChatAddress Address,
    string MemberUrn,
    string MemberName,
    string AccessToken,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Scopes,
    DateTimeOffset LinkedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>
    /// False once the token has expired, or when it is empty because the store could not decrypt it (key ring
    /// lost): either way only a new link helps.
    /// </summary>
    public bool IsUsableAt(DateTimeOffset now) => AccessToken.Length > 0 && ExpiresAt > now;

    /// <summary>True when the stored token could not be decrypted: the key ring that encrypted it is missing or replaced.</summary>
    public bool IsUnreadable => AccessToken.Length == 0;

    /// <summary>
    /// True for a link the bot can renew without its owner: it has a refresh token that outlives its access token
    /// (LinkedIn gives them only to partner apps, such as those with the Community Management API). It gets no expiry
    /// reminders; once the refresh token would end first, renewing cannot extend the link and the reminders apply.
    /// </summary>
    public bool RenewsItself
    {
        get => _renewsItself ?? (RefreshToken is { Length: > 0 } && RefreshExpiresAt is { } end && end > ExpiresAt);
        init => _renewsItself = value;
    }

    private readonly bool? _renewsItself;

    /// <summary>The company pages this member may post as (read at link time and by /pages); empty without pages.</summary>
    public IReadOnlyList<LinkedIn.LinkedInPage> Pages { get; init; } = [];

    /// <summary>The refresh token, plain here and encrypted in the store; null for self-serve apps.</summary>
    public string? RefreshToken { get; init; }

    /// <summary>When <see cref="RefreshToken"/> itself ends (refreshing does not move it).</summary>
    public DateTimeOffset? RefreshExpiresAt { get; init; }

    // A record prints every member; the token must never reach a log line or an assertion message that way.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Address = {Address}, MemberUrn = {MemberUrn}, MemberName = {MemberName}, AccessToken = ***, ExpiresAt = {ExpiresAt:O}");
        return true;
    }
}

/// <summary>Account links keyed by (platform, chat id, user id).</summary>
public interface IAccountLinkStore
{
    /// <summary>
    /// The link for this chat user: the one made in this chat, else the user's newest link on the same
    /// platform (platform user ids are global and authenticated by the platform, so someone who linked in a
    /// private chat can post in a group with their own account — never with anyone else's).
    /// </summary>
    Task<AccountLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the link for (platform, chat id, user id); re-linking replaces the token.</summary>
    Task SaveAsync(AccountLink link, CancellationToken cancellationToken);

    /// <summary>Deletes every link of this user on this platform and returns what was deleted (to revoke the tokens).</summary>
    Task<IReadOnlyList<AccountLink>> DeleteAllAsync(string platform, string userId, CancellationToken cancellationToken);
}

/// <summary>A pending OAuth authorization: whom the state belongs to.</summary>
public sealed record OAuthState(string StateHash, ChatAddress Address, string? DisplayName, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>OAuth states, stored by hash only, single use.</summary>
public interface IOAuthStateStore
{
    Task SaveAsync(OAuthState state, CancellationToken cancellationToken);

    /// <summary>Atomically removes and returns the state with this hash (null if unknown or already used). Expiry is the caller's check.</summary>
    Task<OAuthState?> ConsumeAsync(string stateHash, CancellationToken cancellationToken);

    /// <summary>Deletes states that expired before <paramref name="now"/>.</summary>
    Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// One post request, recorded before LinkedIn is called. Keyed by (platform, chat id, message id).
/// <see cref="Outcome"/> null means the publish has not finished (a crash may have interrupted it).
/// </summary>
public sealed record PostLedgerEntry(
    long Id,
    ChatAddress Address,
    string MessageId,
    string Text,
    byte[]? Image,
    string? ImageUrn,
    PublishOutcome? Outcome,
    bool Replied,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>The link card decided for a text post before its create (JSON, see <c>LinkPreview/LinkCardRecord</c>), or null.</summary>
    public string? LinkCard { get; init; }

    /// <summary>
    /// The post's attachments other than a single image (which is <see cref="Image"/>), in order: references to open
    /// again on their platform, never bytes.
    /// </summary>
    public IReadOnlyList<AttachmentReference> Attachments { get; init; } = [];

    /// <summary>The URNs of the <see cref="Attachments"/> uploaded so far, in the same order.</summary>
    public IReadOnlyList<string> AttachmentUrns { get; init; } = [];

    /// <summary>The page the post is published as (recorded before the create); null: the member's own profile.</summary>
    public PostAuthor? Author { get; init; }
}

/// <summary>The post ledger: what keeps a message from being published twice across redeliveries and crashes.</summary>
public interface IPostLedger
{
    /// <summary>The entry for (platform, chat id, message id), if any.</summary>
    Task<PostLedgerEntry?> FindAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records a new request, or returns the existing entry with the same key (Created = false) when another
    /// delivery of the same message got there first.
    /// </summary>
    Task<(PostLedgerEntry Entry, bool Created)> BeginAsync(ChatAddress address, string messageId, string text, byte[]? image, DateTimeOffset now, CancellationToken cancellationToken, PostAuthor? author = null) =>
        BeginAsync(address, messageId, text, image, [], now, cancellationToken, author);

    /// <summary>As above, with the post's attachments other than a single image (stored as references, in order).</summary>
    Task<(PostLedgerEntry Entry, bool Created)> BeginAsync(ChatAddress address, string messageId, string text, byte[]? image, IReadOnlyList<AttachmentReference> attachments, DateTimeOffset now, CancellationToken cancellationToken, PostAuthor? author = null);

    /// <summary>Remembers the URNs of the attachments uploaded so far (in order), so a resumed publish uploads none again.</summary>
    Task SetAttachmentUrnsAsync(long id, IReadOnlyList<string> urns, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Remembers the uploaded image so a resumed publish reuses it.</summary>
    Task SetImageUrnAsync(long id, string imageUrn, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Remembers a text post's link card (or why it has none), so a resumed publish sends the same content.</summary>
    Task SetLinkCardAsync(long id, string linkCard, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Stores the final outcome and drops the image bytes.</summary>
    Task CompleteAsync(long id, PublishOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records that the reply reached the chat.</summary>
    Task MarkRepliedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Entries a crash left unanswered: no outcome yet, or an outcome whose reply never went out.</summary>
    Task<IReadOnlyList<PostLedgerEntry>> GetUnfinishedAsync(CancellationToken cancellationToken);
}

/// <summary>Encrypts tokens for storage (ASP.NET Core Data Protection).</summary>
public interface ITokenProtector
{
    string Protect(string token);

    /// <summary>Null when the ciphertext cannot be read (for example the key ring was lost).</summary>
    string? Unprotect(string protectedToken);
}
