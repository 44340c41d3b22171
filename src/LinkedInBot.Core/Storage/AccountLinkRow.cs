using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// An <c>account_links</c> row as both providers store it (the token as ciphertext, times as <see cref="StoredTime"/>
/// text), and its one mapping to and from <see cref="AccountLink"/>.
/// </summary>
internal class AccountLinkRow
{
    public const string Columns = """
        platform AS Platform, chat_id AS ChatId, user_id AS UserId, member_urn AS MemberUrn, member_name AS MemberName,
        access_token AS AccessToken, expires_at AS ExpiresAt, scopes AS Scopes, linked_at AS LinkedAt, updated_at AS UpdatedAt,
        pages AS Pages, refresh_token AS RefreshToken, refresh_expires_at AS RefreshExpiresAt
        """;

    public string Platform { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string MemberUrn { get; set; } = "";
    public string MemberName { get; set; } = "";
    public string AccessToken { get; set; } = "";
    public string ExpiresAt { get; set; } = "";
    public string Scopes { get; set; } = "";
    public string LinkedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string? Pages { get; set; }
    public string? RefreshToken { get; set; }
    public string? RefreshExpiresAt { get; set; }

    public static AccountLinkRow From(AccountLink link, ITokenProtector protector) => new()
    {
        Platform = link.Address.Platform,
        ChatId = link.Address.ChatId,
        UserId = link.Address.UserId,
        MemberUrn = link.MemberUrn,
        MemberName = link.MemberName,
        AccessToken = protector.Protect(link.AccessToken),
        ExpiresAt = StoredTime.ToText(link.ExpiresAt),
        Scopes = string.Join(' ', link.Scopes),
        LinkedAt = StoredTime.ToText(link.LinkedAt),
        UpdatedAt = StoredTime.ToText(link.UpdatedAt),
        Pages = StoredPages.ToText(link.Pages),
        RefreshToken = link.RefreshToken is { Length: > 0 } refresh ? protector.Protect(refresh) : null,
        RefreshExpiresAt = link.RefreshExpiresAt is { } end ? StoredTime.ToText(end) : null,
    };

    /// <summary>
    /// The link; with an empty token when it cannot be decrypted (lost or replaced key ring): the row is there, it
    /// cannot be used, and <c>/status</c> says so rather than "no account linked".
    /// </summary>
    public AccountLink ToLink(ITokenProtector protector)
    {
        var token = protector.Unprotect(AccessToken);
        return new AccountLink(
                new ChatAddress(Platform, ChatId, UserId),
                MemberUrn,
                MemberName,
                token ?? string.Empty,
                StoredTime.FromText(ExpiresAt),
                Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                StoredTime.FromText(LinkedAt),
                StoredTime.FromText(UpdatedAt))
        {
            Pages = StoredPages.FromText(Pages),

            // An unreadable refresh token is as good as none: the link then ends with its access token.
            RefreshToken = RefreshToken is null ? null : protector.Unprotect(RefreshToken),
            RefreshExpiresAt = RefreshExpiresAt is null ? null : StoredTime.FromText(RefreshExpiresAt),
        };
    }
}
