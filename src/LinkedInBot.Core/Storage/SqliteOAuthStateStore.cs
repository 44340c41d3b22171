using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IOAuthStateStore"/> on SQLite; the reply context is stored only as ciphertext.</summary>
internal sealed class SqliteOAuthStateStore(SqliteDatabase database, ITokenProtector protector) : IOAuthStateStore
{
    public async Task SaveAsync(OAuthState state, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO oauth_states (state_hash, platform, chat_id, user_id, reply_context, display_name, created_at, expires_at)
            VALUES (@StateHash, @Platform, @ChatId, @UserId, @ReplyContext, @DisplayName, @CreatedAt, @ExpiresAt)
            """;
        var parameters = new
        {
            state.StateHash,
            state.Address.Platform,
            state.Address.ChatId,
            state.Address.UserId,
            ReplyContext = state.Address.ReplyContext is { } context ? protector.Protect(context) : null,
            state.DisplayName,
            CreatedAt = StoredTime.ToText(state.CreatedAt),
            ExpiresAt = StoredTime.ToText(state.ExpiresAt),
        };
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    public async Task<OAuthState?> ConsumeAsync(string stateHash, CancellationToken cancellationToken)
    {
        // One statement both finds and removes the state, so two callbacks racing with the same state cannot both win.
        const string sql = """
            DELETE FROM oauth_states
            WHERE state_hash = @StateHash
            RETURNING state_hash AS StateHash, platform AS Platform, chat_id AS ChatId, user_id AS UserId,
                      reply_context AS ReplyContext, display_name AS DisplayName, created_at AS CreatedAt, expires_at AS ExpiresAt
            """;
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        var row = await connection.QuerySingleOrDefaultAsync<OAuthStateRow>(new CommandDefinition(
            sql, new { StateHash = stateHash }, cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var replyContext = row.ReplyContext is null ? null : protector.Unprotect(row.ReplyContext);
        return new OAuthState(
            row.StateHash,
            new ChatAddress(row.Platform, row.ChatId, row.UserId, replyContext),
            row.DisplayName,
            StoredTime.FromText(row.CreatedAt),
            StoredTime.FromText(row.ExpiresAt));
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var write = await database.OpenForWriteAsync(cancellationToken);
        var connection = write.Connection;
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM oauth_states WHERE expires_at < @Now",
            new { Now = StoredTime.ToText(now) },
            cancellationToken: cancellationToken));
    }

    private sealed class OAuthStateRow
    {
        public string StateHash { get; set; } = "";
        public string Platform { get; set; } = "";
        public string ChatId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string? ReplyContext { get; set; }
        public string? DisplayName { get; set; }
        public string CreatedAt { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
    }
}
