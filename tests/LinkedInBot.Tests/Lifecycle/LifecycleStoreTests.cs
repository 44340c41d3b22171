using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Lifecycle;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Lifecycle;

/// <summary>The stores behind expiry reminders, /forget and Storage:PostTextRetention, on both providers.</summary>
public sealed class LifecycleStoreTests
{
    private const string Canary = "Quarterly numbers canary-5d1e9a7c0b: nobody else may read this";
    private static readonly ChatAddress Ada = new("telegram", "1001", "1001", "m:7");
    private static readonly ChatAddress Grace = new("telegram", "1002", "1002");
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Expiring_ListsLinksUnderSevenDays_UntilRemindedOfTheLastThreshold(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var links = storage.Get<IAccountLinkStore>();
        var lifecycle = storage.Get<ILinkLifecycleStore>();
        var soon = Link(Ada, TimeSpan.FromDays(3));
        await links.SaveAsync(soon, CancellationToken.None);
        await links.SaveAsync(Link(Grace, TimeSpan.FromDays(30)), CancellationToken.None);
        await links.SaveAsync(Link(new ChatAddress("telegram", "1003", "1003"), TimeSpan.FromDays(-1)), CancellationToken.None);
        var now = time.GetUtcNow();

        var expiring = Assert.Single(await lifecycle.GetExpiringAsync(now, now + TimeSpan.FromDays(7), CancellationToken.None));
        Assert.Equal(soon.Address with { ReplyContext = null }, expiring.Link.Address);
        Assert.Null(expiring.RemindedDays);

        Assert.True(await lifecycle.MarkRemindedAsync(soon.Address, soon.LinkedAt, 7, CancellationToken.None));
        Assert.False(await lifecycle.MarkRemindedAsync(soon.Address, soon.LinkedAt, 7, CancellationToken.None));
        Assert.Equal(7, Assert.Single(await lifecycle.GetExpiringAsync(now, now + TimeSpan.FromDays(7), CancellationToken.None)).RemindedDays);

        Assert.True(await lifecycle.MarkRemindedAsync(soon.Address, soon.LinkedAt, 1, CancellationToken.None));
        Assert.Empty(await lifecycle.GetExpiringAsync(now, now + TimeSpan.FromDays(7), CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Relinking_StartsWithoutReminders_AndAReminderForTheOldLinkDoesNotTouchIt(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var links = storage.Get<IAccountLinkStore>();
        var lifecycle = storage.Get<ILinkLifecycleStore>();
        var old = Link(Ada, TimeSpan.FromDays(3));
        await links.SaveAsync(old, CancellationToken.None);
        await lifecycle.MarkRemindedAsync(old.Address, old.LinkedAt, 7, CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));

        var renewed = Link(Ada, TimeSpan.FromDays(2));
        await links.SaveAsync(renewed, CancellationToken.None);

        Assert.Null((await lifecycle.FindAsync(Ada, CancellationToken.None))!.RemindedDays);
        Assert.False(await lifecycle.MarkRemindedAsync(old.Address, old.LinkedAt, 1, CancellationToken.None));
        Assert.False(await lifecycle.MarkExpiredAsync(old.Address, old.LinkedAt, time.GetUtcNow(), CancellationToken.None));
        Assert.True((await links.FindAsync(Ada, CancellationToken.None))!.IsUsableAt(time.GetUtcNow()));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task MarkExpired_EndsTheLinkNow(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var links = storage.Get<IAccountLinkStore>();
        var link = Link(Ada, TimeSpan.FromDays(40));
        await links.SaveAsync(link, CancellationToken.None);

        Assert.True(await storage.Get<ILinkLifecycleStore>().MarkExpiredAsync(Ada, link.LinkedAt, time.GetUtcNow(), CancellationToken.None));

        Assert.False((await links.FindAsync(Ada, CancellationToken.None))!.IsUsableAt(time.GetUtcNow()));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Erase_RemovesTheUsersPostTextEverywhere_AndKeepsOtherUsersData(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        await PublishedEntryAsync(ledger, Ada, "m1", Canary);
        await PublishedEntryAsync(ledger, Grace, "m2", "Grace's own post stays");
        await storage.Get<IOAuthStateStore>().SaveAsync(new OAuthState("hash-ada", Ada, "Ada", time.GetUtcNow(), time.GetUtcNow().AddMinutes(10)), CancellationToken.None);
        await storage.Get<IOAuthStateStore>().SaveAsync(new OAuthState("hash-grace", Grace, "Grace", time.GetUtcNow(), time.GetUtcNow().AddMinutes(10)), CancellationToken.None);
        var eraser = Assert.Single(storage.Services.GetServices<IUserDataEraser>());
        Assert.True(await storage.StoredDataContainsAsync(Canary));
        Assert.Contains(await eraser.DescribeAsync(ChatUser.Of(Ada), CancellationToken.None), line => line.StartsWith("1 post", StringComparison.Ordinal));

        await eraser.EraseAsync(ChatUser.Of(Ada), time.GetUtcNow(), CancellationToken.None);
        await storage.Get<IDataErasure>().ScrubAsync(rebuild: true, CancellationToken.None);

        Assert.Null(await ledger.FindAsync("telegram", "1001", "m1", CancellationToken.None));
        Assert.False(await storage.StoredDataContainsAsync(Canary));
        Assert.Empty(await eraser.DescribeAsync(ChatUser.Of(Ada), CancellationToken.None));
        Assert.Equal("Grace's own post stays", (await ledger.FindAsync("telegram", "1002", "m2", CancellationToken.None))!.Text);
        Assert.Null(await storage.Get<IOAuthStateStore>().ConsumeAsync("hash-ada", CancellationToken.None));
        Assert.NotNull(await storage.Get<IOAuthStateStore>().ConsumeAsync("hash-grace", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Erase_EndsTheUsersQueuedRequests_ButNotOneAlreadyTakenOrAnotherUsers(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var jobs = storage.Get<IChatJobStore>();
        var now = time.GetUtcNow();
        var (taken, _) = await jobs.EnqueueAsync(RequestJob(Ada, "u1", "/forget yes"), now, CancellationToken.None);
        var (waiting, _) = await jobs.EnqueueAsync(RequestJob(Ada, "u2", Canary), now, CancellationToken.None);
        var (other, _) = await jobs.EnqueueAsync(RequestJob(Grace, "u3", "Grace's post"), now, CancellationToken.None);
        Assert.NotEmpty(await jobs.ClaimChatsAsync("replica-1", 10, now, TimeSpan.FromMinutes(1), CancellationToken.None));
        Assert.Equal(taken, (await jobs.TakeNextAsync("telegram:1001", "replica-1", now, CancellationToken.None))!.Id);
        var eraser = Assert.Single(storage.Services.GetServices<IUserDataEraser>());

        await eraser.EraseAsync(ChatUser.Of(Ada), now, CancellationToken.None);

        Assert.Equal(ChatJobState.Queued, await jobs.GetStateAsync(taken, CancellationToken.None));
        Assert.Equal(ChatJobState.Done, await jobs.GetStateAsync(waiting, CancellationToken.None));
        Assert.Equal(ChatJobState.Queued, await jobs.GetStateAsync(other, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Retention_RemovesOldPostTextAndReplyContext_KeepingUrnUrlAndTime(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        var old = await PublishedEntryAsync(ledger, Ada, "m1", Canary);
        time.Advance(TimeSpan.FromDays(50));
        await PublishedEntryAsync(ledger, Grace, "m2", "Fifty days younger");
        var retention = new PostTextRetentionService(
            storage.Get<IPostTextRetention>(), Options.Create(new StorageOptions()), time, NullLogger<PostTextRetentionService>.Instance);

        // 89 days after the first entry: nothing is old enough yet.
        time.Advance(TimeSpan.FromDays(39));
        Assert.Equal(0, await retention.CleanAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, await retention.CleanAsync(CancellationToken.None));

        var kept = (await ledger.FindAsync("telegram", "1001", "m1", CancellationToken.None))!;
        Assert.Equal(string.Empty, kept.Text);
        Assert.Null(kept.Address.ReplyContext);
        Assert.Equal(old.Outcome, kept.Outcome);
        Assert.Equal(old.CreatedAt, kept.CreatedAt);
        Assert.Equal("Fifty days younger", (await ledger.FindAsync("telegram", "1002", "m2", CancellationToken.None))!.Text);
        Assert.False(await storage.StoredDataContainsAsync(Canary));
        Assert.Equal(0, await retention.CleanAsync(CancellationToken.None));
    }

    private AccountLink Link(ChatAddress address, TimeSpan lifetime) =>
        new(address with { ReplyContext = null }, "urn:li:person:" + address.UserId, "Member " + address.UserId, "token-" + address.UserId, time.GetUtcNow() + lifetime, ["w_member_social"], time.GetUtcNow(), time.GetUtcNow());

    private async Task<PostLedgerEntry> PublishedEntryAsync(IPostLedger ledger, ChatAddress address, string messageId, string text)
    {
        var (entry, _) = await ledger.BeginAsync(address, messageId, text, null, time.GetUtcNow(), CancellationToken.None);
        var published = new PublishOutcome.Published("urn:li:share:" + messageId, new Uri("https://www.linkedin.com/feed/update/urn:li:share:" + messageId));
        await ledger.CompleteAsync(entry.Id, published, time.GetUtcNow(), CancellationToken.None);
        await ledger.MarkRepliedAsync(entry.Id, time.GetUtcNow(), CancellationToken.None);
        return (await ledger.FindAsync(address.Platform, address.ChatId, messageId, CancellationToken.None))!;
    }

    private NewChatJob RequestJob(ChatAddress address, string dedupe, string text)
    {
        var parsed = ChatCommandParser.TryParse(text, null, out var command, out var argument);
        var request = new ChatRequest(address, null, dedupe, parsed ? command : ChatCommand.Post, parsed ? argument : text);
        return new NewChatJob(ChatRequestQueue.ChatKeyOf(address), ChatRequestJobHandler.JobKind, ChatRequestPayload.From(request, null).Serialize(), time.GetUtcNow(), dedupe);
    }
}
