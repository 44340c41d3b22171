using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>Links that renew themselves with a refresh token (issue 14 §3).</summary>
public interface ILinkRenewalStore
{
    /// <summary>
    /// Links with a refresh token that outlives their access token, whose access token ends before
    /// <paramref name="horizon"/> (or has ended) while the refresh token still works at <paramref name="now"/>.
    /// </summary>
    Task<IReadOnlyList<AccountLink>> GetRenewableAsync(DateTimeOffset now, DateTimeOffset horizon, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a renewed token on the link made at <paramref name="linkedAt"/> (and forgets any reminder sent); false when
    /// that link is gone (replaced or deleted).
    /// </summary>
    Task<bool> SaveRenewalAsync(ChatAddress address, DateTimeOffset linkedAt, string accessToken, DateTimeOffset expiresAt, string refreshToken, DateTimeOffset? refreshExpiresAt, CancellationToken cancellationToken);

    /// <summary>LinkedIn refused the refresh token: the link ends with its access token, and reminders apply again.</summary>
    Task<bool> DropRefreshTokenAsync(ChatAddress address, DateTimeOffset linkedAt, CancellationToken cancellationToken);
}

/// <summary><see cref="ILinkRenewalStore"/> for both providers: the statements read the same in SQLite and PostgreSQL.</summary>
internal sealed class LinkRenewalStore(IStorageDatabase database, IDataErasure writes, ITokenProtector protector) : ILinkRenewalStore
{
    public async Task<IReadOnlyList<AccountLink>> GetRenewableAsync(DateTimeOffset now, DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {AccountLinkRow.Columns}
            FROM account_links
            WHERE refresh_token IS NOT NULL AND expires_at < @Horizon AND refresh_expires_at > @Now AND refresh_expires_at > expires_at
            ORDER BY expires_at
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountLinkRow>(new CommandDefinition(
            sql, new { Now = StoredTime.ToText(now), Horizon = StoredTime.ToText(horizon) }, cancellationToken: cancellationToken));

        // A refresh token the key ring cannot read cannot renew anything.
        return rows.Select(row => row.ToLink(protector)).Where(link => link.RefreshToken is { Length: > 0 }).ToList();
    }

    public Task<bool> SaveRenewalAsync(ChatAddress address, DateTimeOffset linkedAt, string accessToken, DateTimeOffset expiresAt, string refreshToken, DateTimeOffset? refreshExpiresAt, CancellationToken cancellationToken) =>
        UpdateAsync(
            """
            UPDATE account_links
            SET access_token = @AccessToken, expires_at = @ExpiresAt, refresh_token = @RefreshToken,
                refresh_expires_at = COALESCE(@RefreshExpiresAt, refresh_expires_at), reminded_days = NULL
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND linked_at = @LinkedAt
            """,
            new
            {
                address.Platform,
                address.ChatId,
                address.UserId,
                LinkedAt = StoredTime.ToText(linkedAt),
                AccessToken = protector.Protect(accessToken),
                ExpiresAt = StoredTime.ToText(expiresAt),
                RefreshToken = protector.Protect(refreshToken),
                RefreshExpiresAt = refreshExpiresAt is { } end ? StoredTime.ToText(end) : null,
            },
            cancellationToken);

    public Task<bool> DropRefreshTokenAsync(ChatAddress address, DateTimeOffset linkedAt, CancellationToken cancellationToken) =>
        UpdateAsync(
            """
            UPDATE account_links SET refresh_token = NULL, refresh_expires_at = NULL
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND linked_at = @LinkedAt
            """,
            new { address.Platform, address.ChatId, address.UserId, LinkedAt = StoredTime.ToText(linkedAt) },
            cancellationToken);

    private async Task<bool> UpdateAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        await writes.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)),
            cancellationToken) > 0;
}
