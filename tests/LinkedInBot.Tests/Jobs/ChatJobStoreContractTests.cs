using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Jobs;

/// <summary>
/// What the job runtime relies on from <see cref="IChatJobStore"/>, on both providers: one job per delivery, one
/// holder per chat, a chat's jobs in order, due times and back-off, ended jobs pruned, payloads encrypted.
/// "Replicas" are two service providers over the same database.
/// </summary>
public sealed class ChatJobStoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Enqueue_SameDeliveryTwice_StoresOneJob(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IChatJobStore>();

        var first = await store.EnqueueAsync(Job("telegram:1", "update-7"), Now, CancellationToken.None);
        var again = await store.EnqueueAsync(Job("telegram:1", "update-7"), Now, CancellationToken.None);

        Assert.True(first.Created);
        Assert.Equal((first.Id, false), again);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Claim_ReadyChat_IsHeldByOneReplicaUntilItsLeaseRunsOut(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var (one, two) = Replicas(storage);
        await one.EnqueueAsync(Job("telegram:1"), Now, CancellationToken.None);

        Assert.Equal(["telegram:1"], await one.ClaimChatsAsync("replica-1", 10, Now, Lease, CancellationToken.None));
        Assert.Empty(await two.ClaimChatsAsync("replica-2", 10, Now.AddSeconds(29), Lease, CancellationToken.None));
        Assert.Null(await two.TakeNextAsync("telegram:1", "replica-2", Now.AddSeconds(29), CancellationToken.None));

        // replica-1 died: its chat moves on once the lease has run out.
        Assert.Equal(["telegram:1"], await two.ClaimChatsAsync("replica-2", 10, Now.AddSeconds(31), Lease, CancellationToken.None));
        Assert.NotNull(await two.TakeNextAsync("telegram:1", "replica-2", Now.AddSeconds(31), CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TakeNext_GivesTheChatsJobsInOrder_WithTheirPayloadAndAttempt(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IChatJobStore>();
        var ids = new List<long>();
        foreach (var text in new[] { "first", "second", "third" })
        {
            ids.Add((await store.EnqueueAsync(Job("discord:9", payload: text), Now, CancellationToken.None)).Id);
        }

        await store.ClaimChatsAsync("replica-1", 10, Now, Lease, CancellationToken.None);
        var taken = new List<ChatJob>();
        while (await store.TakeNextAsync("discord:9", "replica-1", Now, CancellationToken.None) is { } job)
        {
            taken.Add(job);
            await store.CompleteAsync(job.Id, Now, CancellationToken.None);
        }

        Assert.Equal(ids, taken.Select(job => job.Id));
        Assert.Equal(["first", "second", "third"], taken.Select(job => job.Payload));
        Assert.All(taken, job => Assert.Equal(1, job.Attempts));
        Assert.All(ids, id => Assert.Equal(ChatJobState.Done, store.GetStateAsync(id, CancellationToken.None).Result));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task JobDueLater_IsNotClaimedBefore_AndNextRunnableAtSaysWhen(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IChatJobStore>();
        var due = Now.AddSeconds(2);
        await store.EnqueueAsync(Job("telegram:1", due: due), Now, CancellationToken.None);

        Assert.Empty(await store.ClaimChatsAsync("replica-1", 10, Now, Lease, CancellationToken.None));
        Assert.Equal(due, await store.NextRunnableAtAsync(CancellationToken.None));
        Assert.Equal(["telegram:1"], await store.ClaimChatsAsync("replica-1", 10, due, Lease, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task RetryLater_HoldsTheChatsLaterJobsBack_AndCountsTheNextAttempt(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IChatJobStore>();
        var first = await store.EnqueueAsync(Job("telegram:1", payload: "first"), Now, CancellationToken.None);
        await store.EnqueueAsync(Job("telegram:1", payload: "second"), Now, CancellationToken.None);
        await store.ClaimChatsAsync("replica-1", 10, Now, Lease, CancellationToken.None);
        var job = await store.TakeNextAsync("telegram:1", "replica-1", Now, CancellationToken.None);

        await store.RetryLaterAsync(job!.Id, Now.AddSeconds(4), "HttpRequestException", CancellationToken.None);

        Assert.Null(await store.TakeNextAsync("telegram:1", "replica-1", Now.AddSeconds(3), CancellationToken.None));
        var retried = await store.TakeNextAsync("telegram:1", "replica-1", Now.AddSeconds(4), CancellationToken.None);
        Assert.Equal((first.Id, 2, "first"), (retried?.Id, retried?.Attempts, retried?.Payload));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task EndedJobs_DropTheirPayload_AndArePrunedOnceOld(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IChatJobStore>();
        var done = await store.EnqueueAsync(Job("telegram:1", payload: "secret-post-text-31f"), Now, CancellationToken.None);
        var failed = await store.EnqueueAsync(Job("telegram:2", payload: "other-post-text-8c2"), Now, CancellationToken.None);
        var queued = await store.EnqueueAsync(Job("telegram:3"), Now, CancellationToken.None);
        await store.CompleteAsync(done.Id, Now, CancellationToken.None);
        await store.FailAsync(failed.Id, Now.AddMinutes(10), "TimeoutException", CancellationToken.None);

        Assert.Equal(ChatJobState.Failed, await store.GetStateAsync(failed.Id, CancellationToken.None));
        Assert.Equal(1, await store.PruneAsync(Now.AddMinutes(5), CancellationToken.None));

        Assert.Null(await store.GetStateAsync(done.Id, CancellationToken.None));
        Assert.Equal(ChatJobState.Failed, await store.GetStateAsync(failed.Id, CancellationToken.None));
        Assert.Equal(ChatJobState.Queued, await store.GetStateAsync(queued.Id, CancellationToken.None));
        Assert.False(await storage.StoredDataContainsAsync("other-post-text-8c2"));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Enqueue_PayloadIsStoredEncrypted(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        await storage.Get<IChatJobStore>().EnqueueAsync(Job("telegram:visible-chat-key", payload: "post-text-9a0d77"), Now, CancellationToken.None);

        Assert.True(await storage.StoredDataContainsAsync("telegram:visible-chat-key"));
        Assert.False(await storage.StoredDataContainsAsync("post-text-9a0d77"));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Claim_TwoReplicasAtOnce_NeverHoldTheSameChat(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var (one, two) = Replicas(storage);
        var chats = Enumerable.Range(0, 40).Select(i => $"telegram:{i}").ToList();
        foreach (var chat in chats)
        {
            await one.EnqueueAsync(Job(chat), Now, CancellationToken.None);
        }

        var claims = await Task.WhenAll(
            Task.Run(() => one.ClaimChatsAsync("replica-1", 25, Now, Lease, CancellationToken.None)),
            Task.Run(() => two.ClaimChatsAsync("replica-2", 25, Now, Lease, CancellationToken.None)));
        var again = await Task.WhenAll(
            one.ClaimChatsAsync("replica-1", 40, Now, Lease, CancellationToken.None),
            two.ClaimChatsAsync("replica-2", 40, Now, Lease, CancellationToken.None));

        var all = claims.Concat(again).SelectMany(keys => keys).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(chats.Order(), all.Order());
        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(40, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM leases"));
    }

    private static (IChatJobStore One, IChatJobStore Two) Replicas(TempStorage storage) =>
        (storage.Start().GetRequiredService<IChatJobStore>(), storage.Start().GetRequiredService<IChatJobStore>());

    private static NewChatJob Job(string chatKey, string? dedupeKey = null, string payload = "payload", DateTimeOffset? due = null) =>
        new(chatKey, "chat-request", payload, due ?? Now, dedupeKey);
}
