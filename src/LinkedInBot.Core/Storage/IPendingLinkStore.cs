using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// A LinkedIn sign-in waiting for its one-time code. <see cref="Address"/> is the chat user who asked for the link;
/// only that user's code activates it. The token is plain here and encrypted only inside the store.
/// </summary>
public sealed record PendingLink(
    ChatAddress Address,
    string CodeHash,
    string MemberUrn,
    string MemberName,
    string AccessToken,
    DateTimeOffset TokenExpiresAt,
    IReadOnlyList<string> Scopes,
    int FailedAttempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>The refresh token that came with the access token, if LinkedIn gave one (plain here, encrypted in the store).</summary>
    public string? RefreshToken { get; init; }

    public DateTimeOffset? RefreshExpiresAt { get; init; }

    // A record prints every member; the token must never reach a log line or an assertion message that way.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Address = {Address}, MemberUrn = {MemberUrn}, MemberName = {MemberName}, AccessToken = ***, FailedAttempts = {FailedAttempts}, ExpiresAt = {ExpiresAt:O}");
        return true;
    }
}

/// <summary>Pending links, at most one per (platform, user id), found by the hash of their code.</summary>
public interface IPendingLinkStore
{
    /// <summary>Saves <paramref name="link"/> and returns the pending link of the same user it replaced, if any (to revoke its token).</summary>
    Task<PendingLink?> ReplaceAsync(PendingLink link, CancellationToken cancellationToken);

    /// <summary>The pending link with this code hash, whoever asked for it.</summary>
    Task<PendingLink?> FindByCodeAsync(string codeHash, CancellationToken cancellationToken);

    /// <summary>Atomically removes and returns the pending link with this code hash: of two racing uses, one wins.</summary>
    Task<PendingLink?> TakeByCodeAsync(string codeHash, CancellationToken cancellationToken);

    /// <summary>Counts a wrong code against the user's pending link; returns the new count, or null when the user has none.</summary>
    Task<int?> CountFailedAttemptAsync(string platform, string userId, CancellationToken cancellationToken);

    /// <summary>Removes and returns the user's pending link, if any.</summary>
    Task<PendingLink?> TakeForUserAsync(string platform, string userId, CancellationToken cancellationToken);

    /// <summary>Removes and returns the pending links that expired before <paramref name="now"/> (to revoke their tokens).</summary>
    Task<IReadOnlyList<PendingLink>> TakeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// Remembers which platform requests were already handled (Discord interaction ids), in the database so that a
/// replay is recognised after a restart and by every replica.
/// </summary>
public interface IHandledRequestStore
{
    /// <summary>
    /// Records <paramref name="requestKey"/> as handled at <paramref name="now"/> and forgets keys older than
    /// <paramref name="retention"/>. False when the key was already recorded: a replay.
    /// </summary>
    Task<bool> TryMarkHandledAsync(string requestKey, DateTimeOffset now, TimeSpan retention, CancellationToken cancellationToken);
}
