using LinkedInBot.Core.Jobs;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Jobs;

/// <summary>
/// What every provider's job and lease store must do. A subclass per provider supplies the storage services (a fresh,
/// migrated database per test).
/// </summary>
public abstract class ChatJobStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private IServiceProvider services = null!;

    protected IChatJobStore Jobs => services.GetRequiredService<IChatJobStore>();

    protected ILeaseStore Leases => services.GetRequiredService<ILeaseStore>();

    /// <summary>Storage services over a fresh, migrated database.</summary>
    protected abstract Task<IServiceProvider> StartStorageAsync();

    protected abstract Task StopStorageAsync();

    public async Task InitializeAsync() => services = await StartStorageAsync();

    public Task DisposeAsync() => StopStorageAsync();

    [StoreFact]
    public async Task Enqueue_WithADedupeKeySeenBefore_ReturnsTheFirstJob_AndStoresNothingNew()
    {
        var (first, created) = await Jobs.EnqueueAsync(Job("telegram:1", "a", dedupe: "telegram:update:7"), T0, default);
        var (again, createdAgain) = await Jobs.EnqueueAsync(Job("telegram:1", "b", dedupe: "telegram:update:7"), T0, default);
        var (other, createdOther) = await Jobs.EnqueueAsync(Job("telegram:1", "c", dedupe: null), T0, default);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first, again);
        Assert.True(createdOther);
        Assert.NotEqual(first, other);
        Assert.Equal(["telegram:1"], await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default));
        Assert.Equal("a", (await Jobs.TakeNextAsync("telegram:1", "A", T0, default))!.Payload);
    }

    [StoreFact]
    public async Task Claim_GivesAChatToOneOwnerAtATime_UntilItsLeaseExpires()
    {
        await Jobs.EnqueueAsync(Job("discord:1", "x"), T0, default);

        Assert.Equal(["discord:1"], await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default));
        Assert.Empty(await Jobs.ClaimChatsAsync("B", 10, T0 + TimeSpan.FromSeconds(29), Lease, default));
        Assert.Null(await Jobs.TakeNextAsync("discord:1", "B", T0 + TimeSpan.FromSeconds(29), default));

        // A stopped renewing (it died): after the lease time the chat is B's, and A can no longer take its jobs.
        Assert.Equal(["discord:1"], await Jobs.ClaimChatsAsync("B", 10, T0 + Lease, Lease, default));
        Assert.Null(await Jobs.TakeNextAsync("discord:1", "A", T0 + Lease, default));
        var job = await Jobs.TakeNextAsync("discord:1", "B", T0 + Lease, default);
        Assert.Equal("x", job!.Payload);
        Assert.Equal(1, job.Attempts);
    }

    [StoreFact]
    public async Task TakeNext_ReturnsAChatsJobsInTheOrderTheyCame_AndCountsAttempts()
    {
        foreach (var text in new[] { "1", "2", "3" })
        {
            await Jobs.EnqueueAsync(Job("console:c", text), T0, default);
        }

        await Jobs.EnqueueAsync(Job("console:other", "elsewhere"), T0, default);
        Assert.Equal(2, (await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default)).Count);

        var seen = new List<string>();
        while (await Jobs.TakeNextAsync("console:c", "A", T0, default) is { } job)
        {
            seen.Add(job.Payload);
            await Jobs.CompleteAsync(job.Id, T0, default);
        }

        Assert.Equal(["1", "2", "3"], seen);
    }

    [StoreFact]
    public async Task ATakenJobThatWasNeverEnded_IsTakenAgain_WithItsAttemptCounted()
    {
        var (id, _) = await Jobs.EnqueueAsync(Job("telegram:9", "cut off"), T0, default);
        await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default);
        await Jobs.TakeNextAsync("telegram:9", "A", T0, default);

        // A died mid-job: B takes the chat over and gets the same job again.
        await Jobs.ClaimChatsAsync("B", 10, T0 + Lease, Lease, default);
        var again = await Jobs.TakeNextAsync("telegram:9", "B", T0 + Lease, default);

        Assert.Equal(id, again!.Id);
        Assert.Equal(2, again.Attempts);
        Assert.Equal(ChatJobState.Queued, await Jobs.GetStateAsync(id, default));
    }

    [StoreFact]
    public async Task AScheduledJob_WaitsForItsTime_WithoutHoldingTheChatsOtherJobsBack()
    {
        var (later, _) = await Jobs.EnqueueAsync(Job("telegram:5", "at noon", due: T0 + TimeSpan.FromMinutes(30)), T0, default);
        await Jobs.EnqueueAsync(Job("telegram:5", "now"), T0, default);

        Assert.Equal(T0, await Jobs.NextRunnableAtAsync(default));
        await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default);
        var now = await Jobs.TakeNextAsync("telegram:5", "A", T0, default);
        Assert.Equal("now", now!.Payload);
        await Jobs.CompleteAsync(now.Id, T0, default);
        Assert.Null(await Jobs.TakeNextAsync("telegram:5", "A", T0, default));
        await Leases.ReleaseAsync("telegram:5", "A", default);

        Assert.Equal(T0 + TimeSpan.FromMinutes(30), await Jobs.NextRunnableAtAsync(default));
        Assert.Empty(await Jobs.ClaimChatsAsync("A", 10, T0 + TimeSpan.FromMinutes(29), Lease, default));
        var noon = T0 + TimeSpan.FromMinutes(30);
        Assert.Equal(["telegram:5"], await Jobs.ClaimChatsAsync("B", 10, noon, Lease, default));
        Assert.Equal(later, (await Jobs.TakeNextAsync("telegram:5", "B", noon, default))!.Id);
    }

    [StoreFact]
    public async Task AJobWaitingToBeTriedAgain_HoldsItsChatsLaterJobsBack()
    {
        var (first, _) = await Jobs.EnqueueAsync(Job("discord:7", "first"), T0, default);
        await Jobs.EnqueueAsync(Job("discord:7", "second"), T0, default);
        await Jobs.ClaimChatsAsync("A", 10, T0, Lease, default);
        await Jobs.TakeNextAsync("discord:7", "A", T0, default);

        await Jobs.RetryLaterAsync(first, T0 + TimeSpan.FromSeconds(4), "HttpRequestException", default);

        Assert.Null(await Jobs.TakeNextAsync("discord:7", "A", T0 + TimeSpan.FromSeconds(3), default));
        await Leases.ReleaseAsync("discord:7", "A", default);
        Assert.Empty(await Jobs.ClaimChatsAsync("A", 10, T0 + TimeSpan.FromSeconds(3), Lease, default));
        Assert.Equal(T0 + TimeSpan.FromSeconds(4), await Jobs.NextRunnableAtAsync(default));
        await Jobs.ClaimChatsAsync("A", 10, T0 + TimeSpan.FromSeconds(4), Lease, default);
        var retried = await Jobs.TakeNextAsync("discord:7", "A", T0 + TimeSpan.FromSeconds(4), default);
        Assert.Equal(first, retried!.Id);
        Assert.Equal(2, retried.Attempts);
    }

    [StoreFact]
    public async Task EndedJobs_AreNotTakenAgain_AndArePrunedAfterTheirTime()
    {
        var (done, _) = await Jobs.EnqueueAsync(Job("telegram:3", "done"), T0, default);
        var (failed, _) = await Jobs.EnqueueAsync(Job("telegram:3", "failed"), T0, default);
        var (queued, _) = await Jobs.EnqueueAsync(Job("telegram:3", "queued", due: T0 + TimeSpan.FromDays(30)), T0, default);
        await Jobs.CompleteAsync(done, T0, default);
        await Jobs.FailAsync(failed, T0 + TimeSpan.FromHours(2), "InvalidOperationException", default);

        Assert.Equal(1, await Jobs.PruneAsync(T0 + TimeSpan.FromHours(1), default));
        Assert.Null(await Jobs.GetStateAsync(done, default));
        Assert.Equal(ChatJobState.Failed, await Jobs.GetStateAsync(failed, default));
        Assert.Equal(1, await Jobs.PruneAsync(T0 + TimeSpan.FromDays(60), default));
        Assert.Equal(ChatJobState.Queued, await Jobs.GetStateAsync(queued, default));
    }

    [StoreFact]
    public async Task Claim_TakesNoMoreChatsThanAsked_OldestFirst()
    {
        for (var chat = 1; chat <= 5; chat++)
        {
            await Jobs.EnqueueAsync(Job($"telegram:{chat}", "hi"), T0, default);
        }

        Assert.Equal(["telegram:1", "telegram:2"], await Jobs.ClaimChatsAsync("A", 2, T0, Lease, default));
        Assert.Equal(["telegram:3", "telegram:4", "telegram:5"], await Jobs.ClaimChatsAsync("B", 10, T0, Lease, default));
    }

    [StoreFact]
    public async Task Leases_AreTakenWhenFreeExpiredOrOwn_RenewedOnlyByTheirHolder_AndReleased()
    {
        Assert.True(await Leases.TryAcquireAsync("leader:telegram-polling", "A", T0, Lease, default));
        Assert.False(await Leases.TryAcquireAsync("leader:telegram-polling", "B", T0 + TimeSpan.FromSeconds(10), Lease, default));
        Assert.True(await Leases.TryAcquireAsync("leader:telegram-polling", "A", T0 + TimeSpan.FromSeconds(10), Lease, default));
        Assert.False(await Leases.TryAcquireAsync("leader:telegram-polling", "B", T0 + TimeSpan.FromSeconds(39), Lease, default));
        Assert.True(await Leases.TryAcquireAsync("leader:telegram-polling", "B", T0 + TimeSpan.FromSeconds(40), Lease, default));

        Assert.Empty(await Leases.RenewAsync(["leader:telegram-polling"], "A", T0 + TimeSpan.FromSeconds(41), Lease, default));
        Assert.Equal(["leader:telegram-polling"], await Leases.RenewAsync(["leader:telegram-polling", "other"], "B", T0 + TimeSpan.FromSeconds(41), Lease, default));

        await Leases.ReleaseAsync("leader:telegram-polling", "A", default);
        Assert.False(await Leases.TryAcquireAsync("leader:telegram-polling", "C", T0 + TimeSpan.FromSeconds(42), Lease, default));
        await Leases.ReleaseAllAsync("B", default);
        Assert.True(await Leases.TryAcquireAsync("leader:telegram-polling", "C", T0 + TimeSpan.FromSeconds(42), Lease, default));
    }

    [StoreFact]
    public async Task ListOwners_NamesEveryHolderOnce_AndForgetsOnesWhoReleasedAll()
    {
        Assert.Empty(await Leases.ListOwnersAsync(default));
        await Jobs.EnqueueAsync(Job("telegram:1", "hi"), T0, default);
        await Jobs.EnqueueAsync(Job("telegram:2", "hi"), T0, default);
        Assert.Single(await Jobs.ClaimChatsAsync("A", 1, T0, Lease, default));
        Assert.Single(await Jobs.ClaimChatsAsync("B", 1, T0, Lease, default));
        Assert.True(await Leases.TryAcquireAsync("leader:telegram-polling", "A", T0, Lease, default));

        Assert.Equal(["A", "B"], (await Leases.ListOwnersAsync(default)).Order());

        await Leases.ReleaseAllAsync("A", default);
        Assert.Equal(["B"], await Leases.ListOwnersAsync(default));
    }

    [StoreFact]
    public async Task ManyOwnersClaimingAtOnce_NeverShareAChat()
    {
        for (var chat = 0; chat < 40; chat++)
        {
            await Jobs.EnqueueAsync(Job($"telegram:{chat}", "hi"), T0, default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(owner => Task.Run(() => Jobs.ClaimChatsAsync($"owner{owner}", 10, T0, Lease, default))));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(40, all.Count);
    }

    private static NewChatJob Job(string chat, string payload, DateTimeOffset? due = null, string? dedupe = null) =>
        new(chat, "test", payload, due ?? T0, dedupe);
}
