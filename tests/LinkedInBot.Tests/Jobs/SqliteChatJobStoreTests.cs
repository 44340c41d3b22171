using LinkedInBot.Core.Jobs;
using LinkedInBot.Tests.Storage;

namespace LinkedInBot.Tests.Jobs;

public sealed class SqliteChatJobStoreTests : ChatJobStoreContract
{
    private TempStorage storage = null!;

    protected override async Task<IServiceProvider> StartStorageAsync()
    {
        storage = await TempStorage.CreateAsync();
        return storage.Services;
    }

    protected override async Task StopStorageAsync() => await storage.DisposeAsync();

    [Fact]
    public async Task Payloads_AreStoredEncrypted_AndDroppedWhenTheJobEnds()
    {
        var now = DateTimeOffset.UtcNow;
        var (id, _) = await Jobs.EnqueueAsync(new NewChatJob("telegram:1", "test", "my secret draft about Ada", now, null), now, default);
        Assert.False(await storage.StoredDataContainsAsync("my secret draft about Ada"));

        await Jobs.ClaimChatsAsync("A", 1, now, TimeSpan.FromSeconds(30), default);
        Assert.Equal("my secret draft about Ada", (await Jobs.TakeNextAsync("telegram:1", "A", now, default))!.Payload);
        await Jobs.CompleteAsync(id, now, default);

        await using var connection = await storage.Get<LinkedInBot.Core.Storage.SqliteDatabase>().OpenAsync(default);
        Assert.Equal(string.Empty, await Dapper.SqlMapper.ExecuteScalarAsync<string>(connection, "SELECT payload FROM chat_jobs WHERE id = @id", new { id }));
    }
}
