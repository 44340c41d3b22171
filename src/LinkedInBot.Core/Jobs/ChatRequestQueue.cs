using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// The adapters' way into the core: a request is stored as a job before the platform is told it was received, and
/// the job runtime (<see cref="ChatJobRunner"/>) runs it in its chat's order, in this replica or another.
/// </summary>
public sealed class ChatRequestQueue(IChatJobStore store, ChatJobSignal signal, TimeProvider time)
{
    /// <summary>
    /// Stores <paramref name="request"/>. <paramref name="dedupeKey"/> names the platform event (a Telegram update id, a
    /// Discord interaction id): a redelivery of it returns the first job's id and stores nothing. <paramref name="replyTo"/>
    /// is the reply context for this request's own replies when it differs from the address's (see
    /// <see cref="ChatRequestPayload.ReplyTo"/>).
    /// </summary>
    public async Task<ChatJobTicket> EnqueueAsync(ChatRequest request, string? dedupeKey, CancellationToken cancellationToken, string? replyTo = null, DateTimeOffset? dueAt = null)
    {
        var now = time.GetUtcNow();
        var job = new NewChatJob(ChatKeyOf(request.Address), ChatRequestJobHandler.JobKind, ChatRequestPayload.From(request, replyTo).Serialize(), dueAt ?? now, dedupeKey);
        var (id, created) = await store.EnqueueAsync(job, now, cancellationToken);
        if (created)
        {
            signal.Notify();
        }

        return new ChatJobTicket(id, created);
    }

    /// <summary>Waits until the job has ended (done or failed). Only for callers that need the order (the console).</summary>
    public async Task WaitForAsync(long jobId, CancellationToken cancellationToken)
    {
        var finished = signal.WhenFinished(jobId);
        try
        {
            // Registered first, then checked: a job that ended in between is seen by one of the two.
            if (await store.GetStateAsync(jobId, cancellationToken) is ChatJobState.Queued)
            {
                await finished.WaitAsync(cancellationToken);
            }
        }
        finally
        {
            signal.Forget(jobId);
        }
    }

    /// <summary>The key that orders a chat's jobs: its platform and chat id.</summary>
    public static string ChatKeyOf(ChatAddress address) => $"{address.Platform}:{address.ChatId}";
}

/// <summary>A stored request: its job id, and whether this call stored it (false: a redelivery of a known event).</summary>
public readonly record struct ChatJobTicket(long JobId, bool Created);
