using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IOAuthStateStore"/> on PostgreSQL; the reply context is stored only as ciphertext.</summary>
internal sealed class PostgresOAuthStateStore(PostgresDatabase database, ITokenProtector protector) : IOAuthStateStore
{
    public async Task SaveAsync(OAuthState state, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO oauth_states (state_hash, platform, chat_id, user_id, reply_context, display_name, created_at, expires_at)
            VALUES (@StateHash, @Platform, @ChatId, @UserId, @ReplyContext, @DisplayName, @CreatedAt, @ExpiresAt)
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, OAuthStateRow.From(state, protector), cancellationToken: cancellationToken));
    }

    public async Task<OAuthState?> ConsumeAsync(string stateHash, CancellationToken cancellationToken)
    {
        // One statement both finds and removes the state: of two callbacks racing with the same state (on any
        // replicas), the second's DELETE waits for the first's row lock and then finds nothing.
        const string sql = $"""
            DELETE FROM oauth_states
            WHERE state_hash = @StateHash
            RETURNING {OAuthStateRow.Columns}
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OAuthStateRow>(new CommandDefinition(
            sql, new { StateHash = stateHash }, cancellationToken: cancellationToken));
        return row?.ToState(protector);
    }

    public async Task<int> DeleteExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM oauth_states WHERE expires_at < @Now", new { Now = StoredTime.ToText(now) }, cancellationToken: cancellationToken));
    }
}
