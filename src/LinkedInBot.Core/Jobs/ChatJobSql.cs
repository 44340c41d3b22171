using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// What both providers' job stores share: the statements that read the same in SQLite and PostgreSQL, and the row
/// read back. Only claiming and the next-runnable time differ between them.
/// </summary>
internal static class ChatJobSql
{
    public const string TakeNext = """
        UPDATE chat_jobs SET attempts = attempts + 1
        WHERE id = (SELECT id FROM chat_jobs
                    WHERE chat_key = @ChatKey AND state = 'queued' AND due_at <= @Now
                    ORDER BY id LIMIT 1)
          AND run_after <= @Now
          AND EXISTS (SELECT 1 FROM leases WHERE lease_key = @ChatKey AND owner = @Owner AND expires_at > @Now)
        RETURNING id AS Id, chat_key AS ChatKey, kind AS Kind, payload AS Payload, due_at AS DueAt,
                  attempts AS Attempts, created_at AS CreatedAt
        """;

    public const string Complete = "UPDATE chat_jobs SET state = 'done', payload = '', finished_at = @Now WHERE id = @Id";

    public const string RetryLater = "UPDATE chat_jobs SET run_after = @RunAfter, last_error = @Error WHERE id = @Id AND state = 'queued'";

    public const string Fail = "UPDATE chat_jobs SET state = 'failed', payload = '', last_error = @Error, finished_at = @Now WHERE id = @Id";

    public const string Prune = "DELETE FROM chat_jobs WHERE state <> 'queued' AND finished_at < @Before";

    public const string State = "SELECT state FROM chat_jobs WHERE id = @Id";

    public static ChatJobState? ParseState(string? state) => state switch
    {
        "queued" => ChatJobState.Queued,
        "done" => ChatJobState.Done,
        "failed" => ChatJobState.Failed,
        _ => null,
    };
}

/// <summary>A taken job as <see cref="ChatJobSql.TakeNext"/> returns it; the payload still ciphertext.</summary>
internal sealed class ChatJobRow
{
    public long Id { get; set; }
    public string ChatKey { get; set; } = "";
    public string Kind { get; set; } = "";
    public string Payload { get; set; } = "";
    public string DueAt { get; set; } = "";
    public int Attempts { get; set; }
    public string CreatedAt { get; set; } = "";

    // Unreadable (another key ring): an empty payload, which the runner ends as failed.
    public ChatJob ToJob(ITokenProtector protector) =>
        new(Id, ChatKey, Kind, protector.Unprotect(Payload) ?? string.Empty, StoredTime.FromText(DueAt), Attempts, StoredTime.FromText(CreatedAt));
}
