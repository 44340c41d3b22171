using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Storage;

/// <summary>
/// The stores behind sign-in codes, replay protection and share forms (issue 15, Discord shares), on both providers:
/// one winner per code or request, secrets only as ciphertext, expiry.
/// </summary>
public sealed class SignInStoreTests
{
    private const string Token = "AQX-pending-token-57be";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task PendingLink_ReplacedByANewerSignIn_ReturnsTheOldOne_AndItsCodeNoLongerWorks(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IPendingLinkStore>();
        await store.ReplaceAsync(Pending("code-hash-1", "old-token"), CancellationToken.None);

        var replaced = await store.ReplaceAsync(Pending("code-hash-2", Token), CancellationToken.None);

        Assert.Equal(("code-hash-1", "old-token"), (replaced?.CodeHash, replaced?.AccessToken));
        Assert.Null(await store.FindByCodeAsync("code-hash-1", CancellationToken.None));
        var found = await store.FindByCodeAsync("code-hash-2", CancellationToken.None);
        Assert.Equal((Token, "reply-ctx", Now.AddDays(60)), (found?.AccessToken, found?.Address.ReplyContext, found?.TokenExpiresAt));
        Assert.False(await storage.StoredDataContainsAsync(Token));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task PendingLink_TakenByCodeTenTimesAtOnce_IsTakenOnce(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IPendingLinkStore>();
        await store.ReplaceAsync(Pending("code-hash-1", Token), CancellationToken.None);

        var takes = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => store.TakeByCodeAsync("code-hash-1", CancellationToken.None))));

        Assert.Single(takes, take => take is not null);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task PendingLink_WrongCodesAreCounted_AndExpiredOnesAreTaken(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IPendingLinkStore>();
        await store.ReplaceAsync(Pending("code-hash-1", Token), CancellationToken.None);

        Assert.Equal(1, await store.CountFailedAttemptAsync("telegram", "user-1", CancellationToken.None));
        Assert.Equal(2, await store.CountFailedAttemptAsync("telegram", "user-1", CancellationToken.None));
        Assert.Null(await store.CountFailedAttemptAsync("telegram", "someone-else", CancellationToken.None));
        Assert.Empty(await store.TakeExpiredAsync(Now.AddMinutes(9), CancellationToken.None));
        var expired = Assert.Single(await store.TakeExpiredAsync(Now.AddMinutes(11), CancellationToken.None));
        Assert.Equal((2, Token), (expired.FailedAttempts, expired.AccessToken));
        Assert.Null(await store.TakeForUserAsync("telegram", "user-1", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task HandledRequest_SecondDelivery_IsAReplay_UntilTheRetentionHasPassed(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IHandledRequestStore>();
        var retention = TimeSpan.FromMinutes(15);

        var results = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => store.TryMarkHandledAsync("discord:interaction-1", Now, retention, CancellationToken.None))));

        Assert.Single(results, first => first);
        Assert.False(await store.TryMarkHandledAsync("discord:interaction-1", Now.AddMinutes(14), retention, CancellationToken.None));
        Assert.True(await store.TryMarkHandledAsync("discord:interaction-1", Now.AddMinutes(16), retention, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task PendingShare_IsFoundOnlyByItsUser_BeforeItExpires_WithTheUrlEncrypted(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IPendingShareStore>();
        const string url = "https://cdn.discordapp.com/attachments/1/2/photo.png?ex=signed-9f31";
        await store.SaveAsync(new PendingShare("form-1", "user-1", "photo.png", url, Now.AddMinutes(15)), Now, CancellationToken.None);

        Assert.Equal(url, (await store.FindAsync("form-1", "user-1", Now.AddMinutes(14), CancellationToken.None))?.Url);
        Assert.Null(await store.FindAsync("form-1", "user-2", Now, CancellationToken.None));
        Assert.Null(await store.FindAsync("form-1", "user-1", Now.AddMinutes(15), CancellationToken.None));
        Assert.True(await storage.StoredDataContainsAsync("photo.png"));
        Assert.False(await storage.StoredDataContainsAsync("signed-9f31"));
    }

    private static PendingLink Pending(string codeHash, string token) => new(
        new ChatAddress("telegram", "chat-1", "user-1", "reply-ctx"),
        codeHash,
        "urn:li:person:ada",
        "Ada Lovelace",
        token,
        Now.AddDays(60),
        ["w_member_social"],
        0,
        Now,
        Now.AddMinutes(10));
}
