using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// <see cref="IChatJobStore"/> on SQLite. SQLite has one writer at a time, so every claim and take is a single
/// statement in a write transaction: two replicas on one file (or two runners in tests) cannot both win a chat.
/// The payload is stored as ciphertext (it holds a user's text and, for Discord, an interaction token).
/// </summary>
internal sealed class SqliteChatJobStore(SqliteDatabase database, ITokenProtector protector) : IChatJobStore
{
    public async Task<(long Id, bool Created)> EnqueueAsync(NewChatJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // ON CONFLICT DO NOTHING returns no row for a known dedupe key: the existing job's id is read in the same
        // transaction.
        const string insert = """
            INSERT INTO chat_jobs (chat_key, kind, payload, dedupe_key, due_at, run_after, created_at)
            VALUES (@ChatKey, @Kind, @Payload, @DedupeKey, @DueAt, @DueAt, @Now)
            ON CONFLICT (dedupe_key) DO NOTHING
            RETURNING id
            """;
        var parameters = new
        {
            job.ChatKey,
            job.Kind,
            Payload = protector.Protect(job.Payload),
            job.DedupeKey,
            DueAt = StoredTime.ToText(job.DueAt),
            Now = StoredTime.ToText(now),
        };
        return await database.WriteAsync(
            async (connection, ct) =>
            {
                var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(insert, parameters, cancellationToken: ct));
                if (id is { } created)
                {
                    return (created, true);
                }

                var existing = await connection.QuerySingleAsync<long>(new CommandDefinition(
                    "SELECT id FROM chat_jobs WHERE dedupe_key = @DedupeKey", new { job.DedupeKey }, cancellationToken: ct));
                return (existing, false);
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ClaimChatsAsync(string owner, int max, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        // The head of a chat is its oldest due job; the chat is ready when the head's back-off is over and no live
        // lease of anyone names the chat. "WHERE true" keeps SQLite from reading ON CONFLICT as part of the join.
        const string sql = """
            INSERT INTO leases (lease_key, owner, expires_at)
            SELECT heads.chat_key, @Owner, @ExpiresAt
            FROM (SELECT chat_key, MIN(id) AS head_id
                  FROM chat_jobs
                  WHERE state = 'queued' AND due_at <= @Now
                  GROUP BY chat_key) AS heads
            JOIN chat_jobs AS head ON head.id = heads.head_id
            WHERE true
              AND head.run_after <= @Now
              AND NOT EXISTS (SELECT 1 FROM leases AS l WHERE l.lease_key = heads.chat_key AND l.expires_at > @Now)
            ORDER BY heads.head_id
            LIMIT @Max
            ON CONFLICT (lease_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
            WHERE leases.expires_at <= @Now
            RETURNING lease_key
            """;
        var parameters = new { Owner = owner, Now = StoredTime.ToText(now), ExpiresAt = StoredTime.ToText(now + leaseTime), Max = max };
        var keys = await database.WriteAsync(
            (connection, ct) => connection.QueryAsync<string>(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        return [.. keys];
    }

    public async Task<ChatJob?> TakeNextAsync(string chatKey, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new { ChatKey = chatKey, Owner = owner, Now = StoredTime.ToText(now) };
        var row = await database.WriteAsync(
            (connection, ct) => connection.QuerySingleOrDefaultAsync<ChatJobRow>(new CommandDefinition(ChatJobSql.TakeNext, parameters, cancellationToken: ct)),
            cancellationToken);
        return row?.ToJob(protector);
    }

    public Task CompleteAsync(long jobId, DateTimeOffset now, CancellationToken cancellationToken) =>
        ExecuteAsync(
            ChatJobSql.Complete,
            new { Id = jobId, Now = StoredTime.ToText(now) },
            cancellationToken);

    public Task RetryLaterAsync(long jobId, DateTimeOffset runAfter, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            ChatJobSql.RetryLater,
            new { Id = jobId, RunAfter = StoredTime.ToText(runAfter), Error = error },
            cancellationToken);

    public Task FailAsync(long jobId, DateTimeOffset now, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            ChatJobSql.Fail,
            new { Id = jobId, Now = StoredTime.ToText(now), Error = error },
            cancellationToken);

    public async Task<DateTimeOffset?> NextRunnableAtAsync(CancellationToken cancellationToken)
    {
        // A job waits behind an earlier job of its chat that is due no later than it (that one runs first), so only
        // the others can be next. Fixed-width text compares like the times it holds, so max() of two is the later one.
        const string sql = """
            SELECT MIN(max(j.due_at, j.run_after)) FROM chat_jobs AS j
            WHERE j.state = 'queued'
              AND NOT EXISTS (SELECT 1 FROM chat_jobs AS e
                              WHERE e.chat_key = j.chat_key AND e.state = 'queued' AND e.id < j.id AND e.due_at <= j.due_at)
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return text is null ? null : StoredTime.FromText(text);
    }

    public Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                ChatJobSql.Prune,
                new { Before = StoredTime.ToText(before) },
                cancellationToken: ct)),
            cancellationToken);

    public async Task<ChatJobState?> GetStateAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            ChatJobSql.State, new { Id = jobId }, cancellationToken: cancellationToken));
        return ChatJobSql.ParseState(state);
    }

    private Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);

}
