using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Tests.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace LinkedInBot.Tests.Jobs;

/// <summary>The job and lease store contract on PostgreSQL (a fresh schema per test), plus what replicas add.</summary>
public sealed class PostgresChatJobStoreTests : ChatJobStoreContract, IRunsOnPostgreSQL
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private TempStorage storage = null!;

    protected override async Task<IServiceProvider> StartStorageAsync()
    {
        storage = await TempStorage.CreateAsync(StorageProvider.PostgreSQL);
        return storage.Services;
    }

    protected override async Task StopStorageAsync() => await storage.DisposeAsync();

    [StoreFact]
    public async Task Payloads_AreStoredEncrypted_AndDroppedWhenTheJobEnds()
    {
        var (id, _) = await Jobs.EnqueueAsync(new NewChatJob("telegram:1", "test", "my secret draft about Grace", Now, null), Now, default);
        Assert.True(await storage.StoredDataContainsAsync("telegram:1"));
        Assert.False(await storage.StoredDataContainsAsync("my secret draft about Grace"));

        await Jobs.ClaimChatsAsync("A", 1, Now, Lease, default);
        Assert.Equal("my secret draft about Grace", (await Jobs.TakeNextAsync("telegram:1", "A", Now, default))!.Payload);
        await Jobs.CompleteAsync(id, Now, default);

        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        Assert.Equal(string.Empty, await connection.ExecuteScalarAsync<string>("SELECT payload FROM chat_jobs WHERE id = @id", new { id }));
    }

    [StoreFact]
    public async Task TwoReplicasClaimingAtOnce_SplitTheChats_AndBetweenThemTakeEveryOne()
    {
        IChatJobStore[] replicas = [storage.Start().GetRequiredService<IChatJobStore>(), storage.Start().GetRequiredService<IChatJobStore>()];
        for (var chat = 0; chat < 40; chat++)
        {
            await Jobs.EnqueueAsync(new NewChatJob($"telegram:{chat}", "test", "hi", Now, null), Now, default);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => replicas[i % 2].ClaimChatsAsync($"replica-{i}", 10, Now, Lease, default))));

        var all = claims.SelectMany(keys => keys).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal(40, all.Count);
    }

    [StoreFact]
    public async Task TenReplicasRacingForOneLease_ExactlyOneWins()
    {
        var replicas = Enumerable.Range(0, 10).Select(_ => storage.Start().GetRequiredService<ILeaseStore>()).ToList();
        using var start = new ManualResetEventSlim();

        var attempts = replicas.Select((leases, i) => Task.Run(async () =>
        {
            start.Wait();
            return await leases.TryAcquireAsync("leader:telegram-polling", $"replica-{i}", Now, Lease, default);
        })).ToList();
        start.Set();

        Assert.Single(await Task.WhenAll(attempts), won => won);
    }
}
