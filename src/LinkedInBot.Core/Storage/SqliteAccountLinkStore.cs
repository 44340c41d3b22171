using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IAccountLinkStore"/> on SQLite; the access token is stored only as ciphertext.</summary>
internal sealed class SqliteAccountLinkStore(SqliteDatabase database, ITokenProtector protector) : IAccountLinkStore
{
    private const string Columns = """
        platform AS Platform, chat_id AS ChatId, user_id AS UserId, member_urn AS MemberUrn, member_name AS MemberName,
        access_token AS AccessToken, expires_at AS ExpiresAt, scopes AS Scopes, linked_at AS LinkedAt, updated_at AS UpdatedAt
        """;

    // No cache in front of this: with several replicas, a link saved or deleted through another one would be missed
    // (a post with a revoked token, or with the account the user just replaced). One indexed read per post is cheap.
    public async Task<AccountLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        // The link made in this chat sorts first; otherwise the user's most recently saved one on this platform.
        // The user id is always part of the filter: another user's link can never come back.
        const string sql = $"""
            SELECT {Columns}
            FROM account_links
            WHERE platform = @Platform AND user_id = @UserId
            ORDER BY chat_id = @ChatId DESC, updated_at DESC
            LIMIT 1
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<AccountLinkRow>(new CommandDefinition(
            sql, new { address.Platform, address.ChatId, address.UserId }, cancellationToken: cancellationToken));

        // An unreadable token (lost key ring) counts as no link: the user is asked to link again.
        return row is null ? null : ToLink(row);
    }

    public async Task SaveAsync(AccountLink link, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO account_links (platform, chat_id, user_id, member_urn, member_name, access_token, expires_at, scopes, linked_at, updated_at)
            VALUES (@Platform, @ChatId, @UserId, @MemberUrn, @MemberName, @AccessToken, @ExpiresAt, @Scopes, @LinkedAt, @UpdatedAt)
            ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET
                member_urn = excluded.member_urn,
                member_name = excluded.member_name,
                access_token = excluded.access_token,
                expires_at = excluded.expires_at,
                scopes = excluded.scopes,
                linked_at = excluded.linked_at,
                updated_at = excluded.updated_at
            """;
        var row = ToRow(link);
        await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, row, cancellationToken: ct)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<AccountLink>> DeleteAllAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            DELETE FROM account_links
            WHERE platform = @Platform AND user_id = @UserId
            RETURNING {Columns}
            """;
        var rows = await database.WriteAsync(
            (connection, ct) => connection.QueryAsync<AccountLinkRow>(new CommandDefinition(
                sql, new { Platform = platform, UserId = userId }, cancellationToken: ct)),
            cancellationToken);

        // Links whose token cannot be decrypted are deleted too, but left out: there is nothing to revoke with.
        return rows.Select(ToLink).OfType<AccountLink>().ToList();
    }

    private AccountLink? ToLink(AccountLinkRow row)
    {
        var token = protector.Unprotect(row.AccessToken);
        return token is null
            ? null
            : new AccountLink(
                new ChatAddress(row.Platform, row.ChatId, row.UserId),
                row.MemberUrn,
                row.MemberName,
                token,
                StoredTime.FromText(row.ExpiresAt),
                row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
                StoredTime.FromText(row.LinkedAt),
                StoredTime.FromText(row.UpdatedAt));
    }

    private AccountLinkRow ToRow(AccountLink link) => new()
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
    };

    private sealed class AccountLinkRow
    {
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
    }
}
