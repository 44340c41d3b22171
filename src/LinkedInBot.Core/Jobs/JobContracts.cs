namespace LinkedInBot.Core.Jobs;

/// <summary>A job to store: the chat it belongs to, which handler runs it, what it carries and when it is due.</summary>
/// <param name="ChatKey"><c>platform:chat id</c>. The jobs of one chat run one at a time, in the order they were added.</param>
/// <param name="Kind">The <see cref="IChatJobHandler.Kind"/> that runs it.</param>
/// <param name="Payload">The handler's data, in plain text here; the store keeps it encrypted.</param>
/// <param name="DueAt">Not run before this time.</param>
/// <param name="DedupeKey">A platform event delivered twice (the same Telegram update, Discord interaction) is stored once.</param>
public sealed record NewChatJob(string ChatKey, string Kind, string Payload, DateTimeOffset DueAt, string? DedupeKey);

/// <summary>A stored job taken to run. <see cref="Attempts"/> counts this attempt.</summary>
public sealed record ChatJob(long Id, string ChatKey, string Kind, string Payload, DateTimeOffset DueAt, int Attempts, DateTimeOffset CreatedAt)
{
    // The payload holds a user's text and reply context: records print every member, so it is masked here.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Id = {Id}, ChatKey = {ChatKey}, Kind = {Kind}, DueAt = {DueAt:O}, Attempts = {Attempts}");
        return true;
    }
}

/// <summary>Where a job stands (for tests, /healthz and operators).</summary>
public enum ChatJobState
{
    Queued,
    Done,
    Failed,
}

/// <summary>
/// The durable per-chat job queue. One replica at a time holds a chat (a lease it renews); the holder takes the
/// chat's jobs one by one in id order. A job that is taken but never ended (the holder died) stays queued and is
/// taken again by the next holder.
/// </summary>
public interface IChatJobStore
{
    /// <summary>Stores a job; when its dedupe key is known already, returns that job's id with Created = false.</summary>
    Task<(long Id, bool Created)> EnqueueAsync(NewChatJob job, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="max"/> chats whose oldest due job may run now and that no other replica holds
    /// (or whose lease expired), oldest job first. Returns the chat keys now held by <paramref name="owner"/>.
    /// </summary>
    Task<IReadOnlyList<string>> ClaimChatsAsync(string owner, int max, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>
    /// The chat's oldest due job, its attempt counted, when <paramref name="owner"/> still holds the chat and the job's
    /// back-off is over; otherwise null (the chat has nothing to run now, or the lease was lost).
    /// </summary>
    Task<ChatJob?> TakeNextAsync(string chatKey, string owner, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Ends a job as done; its payload is dropped.</summary>
    Task CompleteAsync(long jobId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Leaves a job queued but not to run before <paramref name="runAfter"/>; the chat's later jobs wait behind it.</summary>
    Task RetryLaterAsync(long jobId, DateTimeOffset runAfter, string error, CancellationToken cancellationToken);

    /// <summary>Ends a job as failed; its payload is dropped.</summary>
    Task FailAsync(long jobId, DateTimeOffset now, string error, CancellationToken cancellationToken);

    /// <summary>
    /// The earliest time a queued job can become the next of its chat and runnable (due and past its back-off), if any:
    /// a job behind an earlier one of its chat that is due no later does not count. May lie in the past (a chat another
    /// replica holds).
    /// </summary>
    Task<DateTimeOffset?> NextRunnableAtAsync(CancellationToken cancellationToken);

    /// <summary>Deletes ended jobs that ended before <paramref name="before"/>.</summary>
    Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken);

    /// <summary>The state of a job, null when unknown or pruned.</summary>
    Task<ChatJobState?> GetStateAsync(long jobId, CancellationToken cancellationToken);
}

/// <summary>Leases: a chat held by one replica, or a role (the Telegram poller) held by one replica.</summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease when it is free, expired or already ours, until <paramref name="now"/> + <paramref name="leaseTime"/>.</summary>
    Task<bool> TryAcquireAsync(string key, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>Extends the given leases that <paramref name="owner"/> still holds; returns those it holds.</summary>
    Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> keys, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken);

    /// <summary>Gives a lease up, if <paramref name="owner"/> holds it.</summary>
    Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken);

    /// <summary>Gives up every lease of <paramref name="owner"/> (at shutdown, or for a holder known dead).</summary>
    Task ReleaseAllAsync(string owner, CancellationToken cancellationToken);

    /// <summary>Everyone who holds a lease, expired or not.</summary>
    Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken);
}

/// <summary>Runs one kind of job. Registered in DI; the runner picks the handler by <see cref="Kind"/>.</summary>
public interface IChatJobHandler
{
    string Kind { get; }

    /// <summary>
    /// Does the job. Throwing means a transient failure: the job is tried again later, up to a limit, and then
    /// <see cref="GiveUpAsync"/> runs. A job cut off by a shutdown or a lost lease is run again by the next holder, so
    /// a handler must be safe to run twice (the post ledger makes publishing so).
    /// </summary>
    Task RunAsync(ChatJob job, CancellationToken cancellationToken);

    /// <summary>The job failed too often: tell the user, never silently. Best effort.</summary>
    Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken);
}
