using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Tests.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Jobs;

/// <summary><see cref="ILeaseStore"/> on both providers: one holder at a time, renewals only by the holder, hand-over on expiry.</summary>
public sealed class LeaseStoreContractTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TryAcquire_HeldLease_OnlyTheHolderGetsItUntilItExpires(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var leases = storage.Get<ILeaseStore>();

        Assert.True(await leases.TryAcquireAsync("leader:telegram-poller", "replica-1", Now, Lease, CancellationToken.None));
        Assert.False(await leases.TryAcquireAsync("leader:telegram-poller", "replica-2", Now.AddSeconds(29), Lease, CancellationToken.None));
        Assert.True(await leases.TryAcquireAsync("leader:telegram-poller", "replica-1", Now.AddSeconds(29), Lease, CancellationToken.None));

        // replica-1's re-acquire extended it to +59 s.
        Assert.False(await leases.TryAcquireAsync("leader:telegram-poller", "replica-2", Now.AddSeconds(58), Lease, CancellationToken.None));
        Assert.True(await leases.TryAcquireAsync("leader:telegram-poller", "replica-2", Now.AddSeconds(59), Lease, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Renew_ReturnsOnlyTheLeasesTheOwnerStillHolds(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var leases = storage.Get<ILeaseStore>();
        await leases.TryAcquireAsync("telegram:1", "replica-1", Now, Lease, CancellationToken.None);
        await leases.TryAcquireAsync("telegram:2", "replica-1", Now, Lease, CancellationToken.None);

        // telegram:2 expired and was taken over.
        await leases.TryAcquireAsync("telegram:2", "replica-2", Now.AddSeconds(31), Lease, CancellationToken.None);
        var held = await leases.RenewAsync(["telegram:1", "telegram:2", "telegram:3"], "replica-1", Now.AddSeconds(31), Lease, CancellationToken.None);

        Assert.Equal(["telegram:1"], held);
        Assert.False(await leases.TryAcquireAsync("telegram:1", "replica-2", Now.AddSeconds(60), Lease, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Release_FreesOnlyTheOwnersLeases(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var leases = storage.Get<ILeaseStore>();
        await leases.TryAcquireAsync("telegram:1", "replica-1", Now, Lease, CancellationToken.None);
        await leases.TryAcquireAsync("telegram:2", "replica-1", Now, Lease, CancellationToken.None);
        await leases.TryAcquireAsync("telegram:3", "replica-2", Now, Lease, CancellationToken.None);

        await leases.ReleaseAsync("telegram:3", "replica-1", CancellationToken.None);
        await leases.ReleaseAsync("telegram:1", "replica-1", CancellationToken.None);

        Assert.True(await leases.TryAcquireAsync("telegram:1", "replica-3", Now, Lease, CancellationToken.None));
        Assert.False(await leases.TryAcquireAsync("telegram:3", "replica-3", Now, Lease, CancellationToken.None));
        await leases.ReleaseAllAsync("replica-1", CancellationToken.None);
        Assert.True(await leases.TryAcquireAsync("telegram:2", "replica-3", Now, Lease, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TryAcquire_TenReplicasAtOnce_ExactlyOneWins(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var replicas = Enumerable.Range(0, 10).Select(_ => storage.Start().GetRequiredService<ILeaseStore>()).ToList();
        using var start = new ManualResetEventSlim();

        var attempts = replicas.Select((leases, i) => Task.Run(async () =>
        {
            start.Wait();
            return await leases.TryAcquireAsync("leader:telegram-poller", $"replica-{i}", Now, Lease, CancellationToken.None);
        })).ToList();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }
}
