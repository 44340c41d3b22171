using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Storage;

public sealed class AccountLinkStoreTests
{
    private const string Token = "AQX-secret-token-7f3a9c1e5b";
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterSave_ReturnsTheLinkWithItsToken(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        var link = Link("telegram", "chat-1", "user-1", Token);

        await store.SaveAsync(link, CancellationToken.None);
        var found = await store.FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None);

        AssertSameLink(link, found);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Save_SameChatUserAgain_ReplacesToken(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        await store.SaveAsync(Link("telegram", "chat-1", "user-1", "old-token"), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(5));
        var relinked = Link("telegram", "chat-1", "user-1", "new-token");

        await store.SaveAsync(relinked, CancellationToken.None);

        AssertSameLink(relinked, await store.FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None));
        Assert.Single(await store.DeleteAllAsync("telegram", "user-1", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_InAnotherChat_FallsBackToTheUsersNewestLinkOnThatPlatform(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        await store.SaveAsync(Link("telegram", "private-1", "user-1", "older"), CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        var newest = Link("telegram", "private-2", "user-1", "newer");
        await store.SaveAsync(newest, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await store.SaveAsync(Link("discord", "channel-9", "user-1", "other-platform"), CancellationToken.None);

        var found = await store.FindAsync(new ChatAddress("telegram", "group-5", "user-1"), CancellationToken.None);

        AssertSameLink(newest, found);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_WhenThisChatHasALink_PrefersItOverANewerOneElsewhere(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        var here = Link("telegram", "group-5", "user-1", "here");
        await store.SaveAsync(here, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await store.SaveAsync(Link("telegram", "private-1", "user-1", "elsewhere"), CancellationToken.None);

        AssertSameLink(here, await store.FindAsync(new ChatAddress("telegram", "group-5", "user-1"), CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_ForAUserWithoutLink_NeverReturnsAnotherUsersLink(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        await store.SaveAsync(Link("telegram", "group-5", "user-1", Token), CancellationToken.None);
        await store.SaveAsync(Link("discord", "group-5", "user-2", Token), CancellationToken.None);

        Assert.Null(await store.FindAsync(new ChatAddress("telegram", "group-5", "user-2"), CancellationToken.None));
        Assert.Null(await store.FindAsync(new ChatAddress("discord", "group-5", "user-1"), CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task DeleteAll_RemovesEveryLinkOfTheUserOnThatPlatformOnly(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        await store.SaveAsync(Link("telegram", "chat-1", "user-1", "t1"), CancellationToken.None);
        await store.SaveAsync(Link("telegram", "chat-2", "user-1", "t2"), CancellationToken.None);
        await store.SaveAsync(Link("discord", "chat-1", "user-1", "d1"), CancellationToken.None);
        await store.SaveAsync(Link("telegram", "chat-1", "user-2", "u2"), CancellationToken.None);

        var deleted = await store.DeleteAllAsync("telegram", "user-1", CancellationToken.None);

        Assert.Equal(["t1", "t2"], deleted.Select(link => link.AccessToken).Order());
        Assert.Null(await store.FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None));
        Assert.NotNull(await store.FindAsync(new ChatAddress("discord", "chat-1", "user-1"), CancellationToken.None));
        Assert.NotNull(await store.FindAsync(new ChatAddress("telegram", "chat-1", "user-2"), CancellationToken.None));
        Assert.Empty(await store.DeleteAllAsync("telegram", "user-1", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Save_TokenIsNotInTheDatabaseFiles(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var link = Link("telegram", "chat-1", "user-1", Token);

        await storage.Get<IAccountLinkStore>().SaveAsync(link, CancellationToken.None);

        // The member URN is stored in clear: finding it proves the scan sees the freshly written data.
        Assert.True(await storage.StoredDataContainsAsync(link.MemberUrn));
        Assert.False(await storage.StoredDataContainsAsync(Token));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterRestartWithSameKeyRing_ReadsTheToken(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        await storage.Get<IAccountLinkStore>().SaveAsync(Link("telegram", "chat-1", "user-1", Token), CancellationToken.None);

        storage.Start();
        var found = await storage.Get<IAccountLinkStore>().FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None);

        Assert.Equal(Token, found?.AccessToken);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterRestartWithAnotherKeyRing_FindsTheLinkButNoUsableToken(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        await storage.Get<IAccountLinkStore>().SaveAsync(Link("telegram", "chat-1", "user-1", Token), CancellationToken.None);

        storage.Start(keysDirectory: Path.Combine(storage.Root, "other-keys"));
        var found = await storage.Get<IAccountLinkStore>().FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None);

        // The row is there (so /status does not claim "no account linked"), but it cannot be used.
        Assert.NotNull(found);
        Assert.True(found.IsUnreadable);
        Assert.False(found.IsUsableAt(DateTimeOffset.UtcNow));
    }

    // The store must never answer from memory: a change made through it, or behind its back by another replica, is
    // what the next lookup returns. Each of these fails if a remembered answer outlived the change.
    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterRelinkWithANewToken_ReturnsTheNewTokenNotTheRememberedOne(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        var address = new ChatAddress("telegram", "chat-1", "user-1");
        await store.SaveAsync(Link("telegram", "chat-1", "user-1", "old-token"), CancellationToken.None);
        Assert.Equal("old-token", (await store.FindAsync(address, CancellationToken.None))?.AccessToken);

        await store.SaveAsync(Link("telegram", "chat-1", "user-1", "new-token"), CancellationToken.None);

        Assert.Equal("new-token", (await store.FindAsync(address, CancellationToken.None))?.AccessToken);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterLinkingInAnotherChat_ForgetsThatTheUserHadNoLink(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        var group = new ChatAddress("telegram", "group-5", "user-1");
        Assert.Null(await store.FindAsync(group, CancellationToken.None));

        await store.SaveAsync(Link("telegram", "private-1", "user-1", Token), CancellationToken.None);

        Assert.Equal(Token, (await store.FindAsync(group, CancellationToken.None))?.AccessToken);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Find_AfterDeleteAll_ReturnsNothingEvenWhenTheLinkWasJustFound(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IAccountLinkStore>();
        var address = new ChatAddress("telegram", "chat-1", "user-1");
        await store.SaveAsync(Link("telegram", "chat-1", "user-1", Token), CancellationToken.None);
        Assert.NotNull(await store.FindAsync(address, CancellationToken.None));

        await store.DeleteAllAsync("telegram", "user-1", CancellationToken.None);

        Assert.Null(await store.FindAsync(address, CancellationToken.None));
    }

    [Fact]
    public async Task Find_AfterAnotherReplicaDeletedTheLink_FindsNothing()
    {
        await using var storage = await TempStorage.CreateAsync();
        var store = storage.Get<IAccountLinkStore>();
        var address = new ChatAddress("telegram", "chat-1", "user-1");
        await store.SaveAsync(Link("telegram", "chat-1", "user-1", Token), CancellationToken.None);
        Assert.NotNull(await store.FindAsync(address, CancellationToken.None));

        // Behind this store's back, as another replica's /unlink is: nothing may be remembered from the first read.
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storage.DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM account_links";
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }

        Assert.Null(await store.FindAsync(address, CancellationToken.None));
    }

    [PostgresFact]
    public async Task Find_AfterAnotherReplicaRelinksOrUnlinks_SeesItsChange()
    {
        await using var storage = await TempStorage.CreateAsync(StorageProvider.PostgreSQL);
        var address = new ChatAddress("telegram", "chat-1", "user-1");
        var replicaA = storage.Start().GetRequiredService<IAccountLinkStore>();
        var replicaB = storage.Start().GetRequiredService<IAccountLinkStore>();
        await replicaA.SaveAsync(Link("telegram", "chat-1", "user-1", "old-token"), CancellationToken.None);
        Assert.Equal("old-token", (await replicaA.FindAsync(address, CancellationToken.None))?.AccessToken);

        await replicaB.SaveAsync(Link("telegram", "chat-1", "user-1", "new-token"), CancellationToken.None);
        Assert.Equal("new-token", (await replicaA.FindAsync(address, CancellationToken.None))?.AccessToken);

        await replicaB.DeleteAllAsync("telegram", "user-1", CancellationToken.None);
        Assert.Null(await replicaA.FindAsync(address, CancellationToken.None));
    }

    private static void AssertSameLink(AccountLink expected, AccountLink? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Address with { ReplyContext = null }, actual.Address);
        Assert.Equal(expected.MemberUrn, actual.MemberUrn);
        Assert.Equal(expected.MemberName, actual.MemberName);
        Assert.Equal(expected.AccessToken, actual.AccessToken);
        Assert.Equal(expected.ExpiresAt, actual.ExpiresAt);
        Assert.Equal(expected.Scopes, actual.Scopes);
        Assert.Equal(expected.LinkedAt, actual.LinkedAt);
        Assert.Equal(expected.UpdatedAt, actual.UpdatedAt);
    }

    private AccountLink Link(string platform, string chatId, string userId, string token)
    {
        var now = time.GetUtcNow();
        return new AccountLink(
            new ChatAddress(platform, chatId, userId),
            $"urn:li:person:{userId}-{chatId}",
            "Ada Lovelace",
            token,
            now.AddDays(60).AddTicks(1234567),
            ["openid", "profile", "w_member_social"],
            now,
            now);
    }
}
