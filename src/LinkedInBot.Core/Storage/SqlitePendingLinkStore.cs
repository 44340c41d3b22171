using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IPendingLinkStore"/> on SQLite; the token and reply context are stored only as ciphertext, the code only as its hash.</summary>
internal sealed class SqlitePendingLinkStore(SqliteDatabase database, ITokenProtector protector) : IPendingLinkStore
{
    private const string Columns = """
        platform AS Platform, user_id AS UserId, chat_id AS ChatId, reply_context AS ReplyContext, code_hash AS CodeHash,
        member_urn AS MemberUrn, member_name AS MemberName, access_token AS AccessToken, token_expires_at AS TokenExpiresAt,
        scopes AS Scopes, failed_attempts AS FailedAttempts, created_at AS CreatedAt, expires_at AS ExpiresAt
        """;

    public async Task<PendingLink?> ReplaceAsync(PendingLink link, CancellationToken cancellationToken)
    {
        const string delete = $"DELETE FROM pending_links WHERE platform = @Platform AND user_id = @UserId RETURNING {Columns}";
        const string insert = """
            INSERT INTO pending_links (platform, user_id, chat_id, reply_context, code_hash, member_urn, member_name, access_token,
                                       token_expires_at, scopes, failed_attempts, created_at, expires_at)
            VALUES (@Platform, @UserId, @ChatId, @ReplyContext, @CodeHash, @MemberUrn, @MemberName, @AccessToken,
                    @TokenExpiresAt, @Scopes, @FailedAttempts, @CreatedAt, @ExpiresAt)
            """;
        var row = ToRow(link);
        var replaced = await database.WriteAsync(
            async (connection, ct) =>
            {
                var old = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(delete, row, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(insert, row, cancellationToken: ct));
                return old;
            },
            cancellationToken);
        return replaced is null ? null : ToLink(replaced);
    }

    public async Task<PendingLink?> FindByCodeAsync(string codeHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM pending_links WHERE code_hash = @CodeHash", new { CodeHash = codeHash }, cancellationToken: cancellationToken));
        return row is null ? null : ToLink(row);
    }

    public Task<PendingLink?> TakeByCodeAsync(string codeHash, CancellationToken cancellationToken) =>
        TakeOneAsync($"DELETE FROM pending_links WHERE code_hash = @CodeHash RETURNING {Columns}", new { CodeHash = codeHash }, cancellationToken);

    public Task<PendingLink?> TakeForUserAsync(string platform, string userId, CancellationToken cancellationToken) =>
        TakeOneAsync($"DELETE FROM pending_links WHERE platform = @Platform AND user_id = @UserId RETURNING {Columns}", new { Platform = platform, UserId = userId }, cancellationToken);

    public Task<int?> CountFailedAttemptAsync(string platform, string userId, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE pending_links SET failed_attempts = failed_attempts + 1
            WHERE platform = @Platform AND user_id = @UserId
            RETURNING failed_attempts
            """;
        return database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<int?>(new CommandDefinition(sql, new { Platform = platform, UserId = userId }, cancellationToken: ct)),
            cancellationToken);
    }

    public async Task<IReadOnlyList<PendingLink>> TakeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = await database.WriteAsync(
            (connection, ct) => connection.QueryAsync<Row>(new CommandDefinition(
                $"DELETE FROM pending_links WHERE expires_at < @Now RETURNING {Columns}", new { Now = StoredTime.ToText(now) }, cancellationToken: ct)),
            cancellationToken);
        return rows.Select(ToLink).ToList();
    }

    private async Task<PendingLink?> TakeOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var row = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        return row is null ? null : ToLink(row);
    }

    // An unreadable token (key ring lost) becomes empty: the link is refused like an expired one, nothing to revoke.
    private PendingLink ToLink(Row row) => new(
        new ChatAddress(row.Platform, row.ChatId, row.UserId, row.ReplyContext is null ? null : protector.Unprotect(row.ReplyContext)),
        row.CodeHash,
        row.MemberUrn,
        row.MemberName,
        protector.Unprotect(row.AccessToken) ?? string.Empty,
        StoredTime.FromText(row.TokenExpiresAt),
        row.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        row.FailedAttempts,
        StoredTime.FromText(row.CreatedAt),
        StoredTime.FromText(row.ExpiresAt));

    private Row ToRow(PendingLink link) => new()
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
    };

    private sealed class Row
    {
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
    }
}
