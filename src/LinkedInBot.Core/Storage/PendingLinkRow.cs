using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>A <c>pending_links</c> row as both providers store it, and its one mapping to and from <see cref="PendingLink"/>.</summary>
internal sealed class PendingLinkRow
{
    public const string Columns = """
        platform AS Platform, user_id AS UserId, chat_id AS ChatId, reply_context AS ReplyContext, code_hash AS CodeHash,
        member_urn AS MemberUrn, member_name AS MemberName, access_token AS AccessToken, token_expires_at AS TokenExpiresAt,
        scopes AS Scopes, failed_attempts AS FailedAttempts, created_at AS CreatedAt, expires_at AS ExpiresAt,
        refresh_token AS RefreshToken, refresh_expires_at AS RefreshExpiresAt
        """;

    public string Platform { get; set; } = "";
    public string UserId { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string? ReplyContext { get; set; }
    public string CodeHash { get; set; } = "";
    public string MemberUrn { get; set; } = "";
    public string MemberName { get; set; } = "";
    public string AccessToken { get; set; } = "";
    public string TokenExpiresAt { get; set; } = "";
    public string Scopes { get; set; } = "";
    public int FailedAttempts { get; set; }
    public string CreatedAt { get; set; } = "";
    public string ExpiresAt { get; set; } = "";
    public string? RefreshToken { get; set; }
    public string? RefreshExpiresAt { get; set; }

    public static PendingLinkRow From(PendingLink link, ITokenProtector protector) => new()
    {
        Platform = link.Address.Platform,
        UserId = link.Address.UserId,
        ChatId = link.Address.ChatId,
        ReplyContext = link.Address.ReplyContext is { } context ? protector.Protect(context) : null,
        CodeHash = link.CodeHash,
        MemberUrn = link.MemberUrn,
        MemberName = link.MemberName,
        AccessToken = protector.Protect(link.AccessToken),
        TokenExpiresAt = StoredTime.ToText(link.TokenExpiresAt),
        Scopes = string.Join(' ', link.Scopes),
        FailedAttempts = link.FailedAttempts,
        CreatedAt = StoredTime.ToText(link.CreatedAt),
        ExpiresAt = StoredTime.ToText(link.ExpiresAt),
        RefreshToken = link.RefreshToken is { Length: > 0 } refresh ? protector.Protect(refresh) : null,
        RefreshExpiresAt = link.RefreshExpiresAt is { } end ? StoredTime.ToText(end) : null,
    };

    // An unreadable token (key ring lost) becomes empty: the link is refused like an expired one, nothing to revoke.
    public PendingLink ToLink(ITokenProtector protector) => new(
        new ChatAddress(Platform, ChatId, UserId, ReplyContext is null ? null : protector.Unprotect(ReplyContext)),
        CodeHash,
        MemberUrn,
        MemberName,
        protector.Unprotect(AccessToken) ?? string.Empty,
        StoredTime.FromText(TokenExpiresAt),
        Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        FailedAttempts,
        StoredTime.FromText(CreatedAt),
        StoredTime.FromText(ExpiresAt))
    {
        RefreshToken = RefreshToken is null ? null : protector.Unprotect(RefreshToken),
        RefreshExpiresAt = RefreshExpiresAt is null ? null : StoredTime.FromText(RefreshExpiresAt),
    };
}
