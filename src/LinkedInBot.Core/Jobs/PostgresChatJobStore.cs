using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// <see cref="IChatJobStore"/> on PostgreSQL, shared by every replica. A chat is claimed through the <c>leases</c>
/// table (one upsert decides), and the claim locks the head jobs it picks with <c>FOR UPDATE SKIP LOCKED</c>: two
/// replicas claiming at the same moment then split the ready chats between them instead of both waiting on, and one
/// losing, the same ones. The payload is stored as ciphertext (a user's text and, for Discord, an interaction token).
/// </summary>
internal sealed class PostgresChatJobStore(PostgresDatabase database, ITokenProtector protector) : IChatJobStore
{
    public async Task<(long Id, bool Created)> EnqueueAsync(NewChatJob job, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A redelivery racing this one waits on the first insert's row, inserts nothing and reads its id.
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
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(insert, parameters, cancellationToken: cancellationToken));
        if (id is { } created)
        {
            return (created, true);
        }

        var existing = await connection.QuerySingleAsync<long>(new CommandDefinition(
            "SELECT id FROM chat_jobs WHERE dedupe_key = @DedupeKey", new { job.DedupeKey }, cancellationToken: cancellationToken));
        return (existing, false);
    }

    public async Task<IReadOnlyList<string>> ClaimChatsAsync(string owner, int max, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken)
    {
        // heads: each chat's oldest due job. ready: those past their back-off whose chat no live lease names, oldest
        // first, locked so a concurrent claim skips them. The upsert takes a free or expired lease; a lease another
        // replica took in between is left alone (the WHERE) and not returned. Candidates counts what was ready.
        const string sql = """
            WITH heads AS (
                SELECT DISTINCT ON (chat_key) id
                FROM chat_jobs
                WHERE state = 'queued' AND due_at <= @Now
                ORDER BY chat_key, id
            ), ready AS (
                SELECT job.chat_key, job.id
                FROM chat_jobs AS job
                JOIN heads ON heads.id = job.id
                WHERE job.run_after <= @Now
                  AND NOT EXISTS (SELECT 1 FROM leases AS l WHERE l.lease_key = job.chat_key AND l.expires_at > @Now)
                ORDER BY job.id
                LIMIT @Max
                FOR UPDATE OF job SKIP LOCKED
            ), claimed AS (
                INSERT INTO leases (lease_key, owner, expires_at)
                SELECT chat_key, @Owner, @ExpiresAt FROM ready ORDER BY id
                ON CONFLICT (lease_key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
                WHERE leases.expires_at <= @Now
                RETURNING lease_key
            )
            SELECT (SELECT COUNT(*) FROM ready) AS Candidates, ARRAY(SELECT lease_key FROM claimed) AS Keys
            """;
        var parameters = new DynamicParameters(new { Owner = owner, Now = StoredTime.ToText(now), ExpiresAt = StoredTime.ToText(now + leaseTime) });
        var keys = new List<string>();
        await using var connection = await database.OpenAsync(cancellationToken);

        // A statement reads the leases as they were when it began: a chat another replica claimed and committed a
        // moment later is still a candidate, and then lost at the upsert. Only then is a fresh look worth it (few rounds:
        // each loss means another replica made progress).
        for (var round = 0; round < 3 && keys.Count < max; round++)
        {
            parameters.Add("Max", max - keys.Count);
            var result = await connection.QuerySingleAsync<ClaimResult>(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
            keys.AddRange(result.Keys);
            if (result.Keys.Length == result.Candidates)
            {
                break;
            }
        }

        return keys;
    }

    public async Task<ChatJob?> TakeNextAsync(string chatKey, string owner, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ChatJobRow>(new CommandDefinition(
            ChatJobSql.TakeNext, new { ChatKey = chatKey, Owner = owner, Now = StoredTime.ToText(now) }, cancellationToken: cancellationToken));
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
        // the others can be next. Fixed-width text in byte order (COLLATE "C") compares like the times it holds.
        const string sql = """
            SELECT MIN(GREATEST(j.due_at, j.run_after)) FROM chat_jobs AS j
            WHERE j.state = 'queued'
              AND NOT EXISTS (SELECT 1 FROM chat_jobs AS e
                              WHERE e.chat_key = j.chat_key AND e.state = 'queued' AND e.id < j.id AND e.due_at <= j.due_at)
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var text = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return text is null ? null : StoredTime.FromText(text);
    }

    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            ChatJobSql.Prune,
            new { Before = StoredTime.ToText(before) },
            cancellationToken: cancellationToken));
    }

    public async Task<ChatJobState?> GetStateAsync(long jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var state = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            ChatJobSql.State, new { Id = jobId }, cancellationToken: cancellationToken));
        return ChatJobSql.ParseState(state);
    }

    private async Task ExecuteAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
    }

    private sealed class ClaimResult
    {
        public long Candidates { get; set; }
        public string[] Keys { get; set; } = [];
    }

}
