using Dapper;

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
        var parameters = OAuthStateRow.From(state, protector);
        await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
    }

    public async Task<OAuthState?> ConsumeAsync(string stateHash, CancellationToken cancellationToken)
    {
        // One statement both finds and removes the state, so two callbacks racing with the same state cannot both win.
        const string sql = $"""
            DELETE FROM oauth_states
            WHERE state_hash = @StateHash
            RETURNING {OAuthStateRow.Columns}
            """;
        var row = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<OAuthStateRow>(new CommandDefinition(
                sql, new { StateHash = stateHash }, cancellationToken: ct)),
            cancellationToken);
        return row?.ToState(protector);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new { Now = StoredTime.ToText(now) };
        return await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition("DELETE FROM oauth_states WHERE expires_at < @Now", parameters, cancellationToken: ct)),
            cancellationToken);
    }
}
