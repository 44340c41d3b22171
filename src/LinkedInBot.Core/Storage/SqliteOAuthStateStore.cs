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
        await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
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
        var row = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<OAuthStateRow>(new CommandDefinition(
                sql, new { StateHash = stateHash }, cancellationToken: ct)),
            cancellationToken);
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
        var parameters = new { Now = StoredTime.ToText(now) };
        return await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition("DELETE FROM oauth_states WHERE expires_at < @Now", parameters, cancellationToken: ct)),
            cancellationToken);
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
