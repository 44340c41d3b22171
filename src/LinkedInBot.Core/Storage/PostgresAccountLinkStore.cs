using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// <see cref="IAccountLinkStore"/> on PostgreSQL; the access token is stored only as ciphertext. Unlike the SQLite
/// store it remembers nothing between calls: several replicas share this database, and a link saved or deleted
/// (with its token revoked) through one replica must be what the next post on any other replica uses.
/// </summary>
internal sealed class PostgresAccountLinkStore(PostgresDatabase database, ITokenProtector protector) : IAccountLinkStore
{
    public async Task<AccountLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        // The link made in this chat sorts first (true before false); otherwise the user's most recently saved one on
        // this platform. The user id is always part of the filter: another user's link can never come back.
        const string sql = $"""
            SELECT {AccountLinkRow.Columns}
            FROM account_links
            WHERE platform = @Platform AND user_id = @UserId
            ORDER BY chat_id = @ChatId DESC, updated_at DESC
            LIMIT 1
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountLinkRow>(new CommandDefinition(
            sql, new { address.Platform, address.ChatId, address.UserId }, cancellationToken: cancellationToken));

        // An unreadable token (lost key ring) comes back empty: it cannot be used, and the user is asked to link again.
        return row?.ToLink(protector);
    }

    public async Task SaveAsync(AccountLink link, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO account_links (platform, chat_id, user_id, member_urn, member_name, access_token, expires_at, scopes, linked_at, updated_at, pages, refresh_token, refresh_expires_at)
            VALUES (@Platform, @ChatId, @UserId, @MemberUrn, @MemberName, @AccessToken, @ExpiresAt, @Scopes, @LinkedAt, @UpdatedAt, @Pages, @RefreshToken, @RefreshExpiresAt)
            ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET
                member_urn = excluded.member_urn,
                member_name = excluded.member_name,
                access_token = excluded.access_token,
                expires_at = excluded.expires_at,
                scopes = excluded.scopes,
                linked_at = excluded.linked_at,
                updated_at = excluded.updated_at,
                pages = excluded.pages,
                refresh_token = excluded.refresh_token,
                refresh_expires_at = excluded.refresh_expires_at,
                reminded_days = NULL
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, AccountLinkRow.From(link, protector), cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<AccountLink>> DeleteAllAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            DELETE FROM account_links
            WHERE platform = @Platform AND user_id = @UserId
            RETURNING {AccountLinkRow.Columns}
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AccountLinkRow>(new CommandDefinition(
            sql, new { Platform = platform, UserId = userId }, cancellationToken: cancellationToken));

        // Links whose token cannot be decrypted are deleted too, but left out: there is nothing to revoke with.
        return rows.Select(row => row.ToLink(protector)).Where(link => !link.IsUnreadable).ToList();
    }
}
