using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Storage;

public sealed class OAuthStateStoreTests
{
    private const string InteractionToken = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5-discord-interaction";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Consume_SavedState_ReturnsItOnceThenNull(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IOAuthStateStore>();
        var state = State("hash-1", TimeSpan.FromMinutes(10));
        await store.SaveAsync(state, CancellationToken.None);

        var first = await store.ConsumeAsync("hash-1", CancellationToken.None);
        var second = await store.ConsumeAsync("hash-1", CancellationToken.None);

        Assert.Equal(state, first);
        Assert.Null(second);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Consume_ConcurrentCallbacksWithSameState_OnlyOneWins(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IOAuthStateStore>();
        await store.SaveAsync(State("hash-1", TimeSpan.FromMinutes(10)), CancellationToken.None);

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => store.ConsumeAsync("hash-1", CancellationToken.None))));

        Assert.Single(results, result => result is not null);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Consume_UnknownState_ReturnsNull(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        Assert.Null(await storage.Get<IOAuthStateStore>().ConsumeAsync("never-saved", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task DeleteExpired_RemovesOnlyStatesPastTheirExpiry(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IOAuthStateStore>();
        await store.SaveAsync(State("short", TimeSpan.FromMinutes(5)), CancellationToken.None);
        await store.SaveAsync(State("long", TimeSpan.FromMinutes(30)), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(10));

        var deleted = await store.DeleteExpiredAsync(time.GetUtcNow(), CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await store.ConsumeAsync("short", CancellationToken.None));
        Assert.NotNull(await store.ConsumeAsync("long", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Save_ReplyContextIsNotInTheDatabaseFiles(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        await storage.Get<IOAuthStateStore>().SaveAsync(State("hash-visible", TimeSpan.FromMinutes(10)), CancellationToken.None);

        Assert.True(await storage.StoredDataContainsAsync("hash-visible"));
        Assert.False(await storage.StoredDataContainsAsync(InteractionToken));
    }

    private OAuthState State(string hash, TimeSpan lifetime)
    {
        var now = time.GetUtcNow();
        return new OAuthState(hash, new ChatAddress("discord", "channel-1", "user-1", InteractionToken), "Ada", now, now + lifetime);
    }
}
