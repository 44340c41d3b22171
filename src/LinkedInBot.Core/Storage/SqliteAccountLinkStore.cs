using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IAccountLinkStore"/> on SQLite; the access token is stored only as ciphertext.</summary>
internal sealed class SqliteAccountLinkStore(SqliteDatabase database, ITokenProtector protector) : IAccountLinkStore
{
    // No cache in front of this: with several replicas, a link saved or deleted through another one would be missed
    // (a post with a revoked token, or with the account the user just replaced). One indexed read per post is cheap.
    public async Task<AccountLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        // The link made in this chat sorts first; otherwise the user's most recently saved one on this platform.
        // The user id is always part of the filter: another user's link can never come back.
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
        var row = AccountLinkRow.From(link, protector);
        await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<AccountLink>> DeleteAllAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            DELETE FROM account_links
            WHERE platform = @Platform AND user_id = @UserId
            RETURNING {AccountLinkRow.Columns}
            """;
        var rows = await database.WriteAsync(
            (connection, ct) => connection.QueryAsync<AccountLinkRow>(new CommandDefinition(
                sql, new { Platform = platform, UserId = userId }, cancellationToken: ct)),
            cancellationToken);

        // Links whose token cannot be decrypted are deleted too, but left out: there is nothing to revoke with.
        return rows.Select(row => row.ToLink(protector)).Where(link => !link.IsUnreadable).ToList();
    }
}
