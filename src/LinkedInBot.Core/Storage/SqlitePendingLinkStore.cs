using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IPendingLinkStore"/> on SQLite; the token and reply context are stored only as ciphertext, the code only as its hash.</summary>
internal sealed class SqlitePendingLinkStore(SqliteDatabase database, ITokenProtector protector) : IPendingLinkStore
{
    public async Task<PendingLink?> ReplaceAsync(PendingLink link, CancellationToken cancellationToken)
    {
        const string delete = $"DELETE FROM pending_links WHERE platform = @Platform AND user_id = @UserId RETURNING {PendingLinkRow.Columns}";
        const string insert = """
            INSERT INTO pending_links (platform, user_id, chat_id, reply_context, code_hash, member_urn, member_name, access_token,
                                       token_expires_at, scopes, failed_attempts, created_at, expires_at, refresh_token, refresh_expires_at)
            VALUES (@Platform, @UserId, @ChatId, @ReplyContext, @CodeHash, @MemberUrn, @MemberName, @AccessToken,
                    @TokenExpiresAt, @Scopes, @FailedAttempts, @CreatedAt, @ExpiresAt, @RefreshToken, @RefreshExpiresAt)
            """;
        var row = PendingLinkRow.From(link, protector);
        var replaced = await database.WriteAsync(
            async (connection, ct) =>
            {
                var old = await connection.QuerySingleOrDefaultAsync<PendingLinkRow>(new CommandDefinition(delete, row, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition(insert, row, cancellationToken: ct));
                return old;
            },
            cancellationToken);
        return replaced?.ToLink(protector);
    }

    public async Task<PendingLink?> FindByCodeAsync(string codeHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PendingLinkRow>(new CommandDefinition(
            $"SELECT {PendingLinkRow.Columns} FROM pending_links WHERE code_hash = @CodeHash", new { CodeHash = codeHash }, cancellationToken: cancellationToken));
        return row?.ToLink(protector);
    }

    public Task<PendingLink?> TakeByCodeAsync(string codeHash, CancellationToken cancellationToken) =>
        TakeOneAsync($"DELETE FROM pending_links WHERE code_hash = @CodeHash RETURNING {PendingLinkRow.Columns}", new { CodeHash = codeHash }, cancellationToken);

    public Task<PendingLink?> TakeForUserAsync(string platform, string userId, CancellationToken cancellationToken) =>
        TakeOneAsync($"DELETE FROM pending_links WHERE platform = @Platform AND user_id = @UserId RETURNING {PendingLinkRow.Columns}", new { Platform = platform, UserId = userId }, cancellationToken);

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
            (connection, ct) => connection.QueryAsync<PendingLinkRow>(new CommandDefinition(
                $"DELETE FROM pending_links WHERE expires_at < @Now RETURNING {PendingLinkRow.Columns}", new { Now = StoredTime.ToText(now) }, cancellationToken: ct)),
            cancellationToken);
        return rows.Select(row => row.ToLink(protector)).ToList();
    }

    private async Task<PendingLink?> TakeOneAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var row = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<PendingLinkRow>(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        return row?.ToLink(protector);
    }
}
