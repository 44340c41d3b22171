using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Storage;

public sealed class PostLedgerTests
{
    private static readonly ChatAddress Address = new("discord", "channel-1", "user-1", "interaction-token-5f2e8d");
    private static readonly byte[] Image = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_NewMessage_CreatesAnUnfinishedEntry(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();

        var (entry, created) = await ledger.BeginAsync(Address, "msg-1", "Hello LinkedIn", Image, time.GetUtcNow(), CancellationToken.None);

        Assert.True(created);
        Assert.Equal(Address, entry.Address);
        Assert.Equal("msg-1", entry.MessageId);
        Assert.Equal("Hello LinkedIn", entry.Text);
        Assert.Equal(Image, entry.Image);
        Assert.Null(entry.ImageUrn);
        Assert.Null(entry.Outcome);
        Assert.False(entry.Replied);
        Assert.Equal(time.GetUtcNow(), entry.CreatedAt);
        Assert.Equal(entry.Id, (await ledger.FindAsync("discord", "channel-1", "msg-1", CancellationToken.None))?.Id);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_SameMessageAgain_ReturnsTheExistingEntry(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        var (first, _) = await ledger.BeginAsync(Address, "msg-1", "first text", null, time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(3));

        var (again, created) = await ledger.BeginAsync(Address, "msg-1", "redelivered text", null, time.GetUtcNow(), CancellationToken.None);

        Assert.False(created);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("first text", again.Text);
        Assert.Equal(first.CreatedAt, again.CreatedAt);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_SameMessageIdInAnotherChat_IsASeparateEntry(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        await ledger.BeginAsync(Address, "msg-1", "text", null, time.GetUtcNow(), CancellationToken.None);

        var (_, created) = await ledger.BeginAsync(Address with { ChatId = "channel-2" }, "msg-1", "text", null, time.GetUtcNow(), CancellationToken.None);

        Assert.True(created);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_TwentyConcurrentDeliveries_CreateExactlyOnce(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        using var start = new ManualResetEventSlim();

        var deliveries = Enumerable.Range(0, 20)
            .Select(_ => Task.Run(async () =>
            {
                start.Wait();
                return await ledger.BeginAsync(Address, "msg-1", "text", Image, time.GetUtcNow(), CancellationToken.None);
            }))
            .ToList();
        start.Set();
        var results = await Task.WhenAll(deliveries);

        Assert.Single(results, result => result.Created);
        Assert.Single(results.Select(result => result.Entry.Id).Distinct());
    }

    [PostgresFact]
    public async Task Begin_SameMessageOnTwoReplicasAtOnce_CreatesExactlyOnce()
    {
        await using var storage = await TempStorage.CreateAsync(StorageProvider.PostgreSQL);
        IPostLedger[] replicas = [storage.Start().GetRequiredService<IPostLedger>(), storage.Start().GetRequiredService<IPostLedger>()];
        using var start = new ManualResetEventSlim();

        // A redelivery reaching the other replica while the first delivery is being recorded.
        var deliveries = Enumerable.Range(0, 20)
            .Select(i => Task.Run(async () =>
            {
                start.Wait();
                return await replicas[i % 2].BeginAsync(Address, "msg-1", "text", Image, time.GetUtcNow(), CancellationToken.None);
            }))
            .ToList();
        start.Set();
        var results = await Task.WhenAll(deliveries);

        Assert.Single(results, result => result.Created);
        Assert.Single(results.Select(result => result.Entry.Id).Distinct());
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Complete_EveryOutcomeKind_RoundTrips(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        PublishOutcome[] outcomes =
        [
            new PublishOutcome.Published("urn:li:share:7123", new Uri("https://www.linkedin.com/feed/update/urn:li:share:7123/")),
            new PublishOutcome.NotLinked(),
            new PublishOutcome.LinkExpired(),
            new PublishOutcome.MissingPermission("w_member_social not granted"),
            new PublishOutcome.RateLimited(),
            new PublishOutcome.Rejected("Text is longer than 3000 characters."),
            new PublishOutcome.VersionRetired("202410"),
            new PublishOutcome.Unavailable("HTTP 503 after 3 attempts"),
            new PublishOutcome.Unconfirmed("LinkedIn answered HTTP 500."),
            new PublishOutcome.Interrupted(),
            new PublishOutcome.AttachmentProblem("\"deck.pdf\" is no longer at hand."),
        ];

        // A new PublishOutcome kind must get a storage mapping (and a line above).
        var kinds = typeof(PublishOutcome).GetNestedTypes().Where(type => type.IsSubclassOf(typeof(PublishOutcome)));
        Assert.Equal(kinds.Select(kind => kind.Name).Order(), outcomes.Select(outcome => outcome.GetType().Name).Order());

        foreach (var (outcome, index) in outcomes.Select((outcome, index) => (outcome, index)))
        {
            var (entry, _) = await ledger.BeginAsync(Address, $"msg-{index}", "text", null, time.GetUtcNow(), CancellationToken.None);
            await ledger.CompleteAsync(entry.Id, outcome, time.GetUtcNow(), CancellationToken.None);

            var stored = await ledger.FindAsync(Address.Platform, Address.ChatId, $"msg-{index}", CancellationToken.None);

            Assert.Equal(outcome, stored?.Outcome);
        }
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Complete_DropsTheImageBytesButKeepsTheImageUrn(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        var (entry, _) = await ledger.BeginAsync(Address, "msg-1", "text", Image, time.GetUtcNow(), CancellationToken.None);
        await ledger.SetImageUrnAsync(entry.Id, "urn:li:image:C4E22", time.GetUtcNow(), CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(2));

        await ledger.CompleteAsync(entry.Id, new PublishOutcome.RateLimited(), time.GetUtcNow(), CancellationToken.None);

        var stored = await ledger.FindAsync(Address.Platform, Address.ChatId, "msg-1", CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Null(stored.Image);
        Assert.Equal("urn:li:image:C4E22", stored.ImageUrn);
        Assert.Equal(time.GetUtcNow(), stored.UpdatedAt);
        Assert.Equal(entry.CreatedAt, stored.CreatedAt);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_KeepsAttachmentsAsEncryptedReferences_AndTheirUrnsInOrder(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        AttachmentReference[] attachments =
        [
            new(AttachmentKind.Image, "a.png", 1200, "file-id-secret-a") { AltText = "A red square", ContentType = "image/png" },
            new(AttachmentKind.Image, "b.jpg", null, "file-id-secret-b"),
        ];

        var (entry, created) = await ledger.BeginAsync(Address, "album-1", "two pictures", null, attachments, time.GetUtcNow(), CancellationToken.None);
        Assert.True(created);
        Assert.Equal(attachments, entry.Attachments);
        await ledger.SetAttachmentUrnsAsync(entry.Id, ["urn:li:image:A"], time.GetUtcNow(), CancellationToken.None);
        await ledger.SetAttachmentUrnsAsync(entry.Id, ["urn:li:image:A", "urn:li:image:B"], time.GetUtcNow(), CancellationToken.None);

        var unfinished = Assert.Single(await ledger.GetUnfinishedAsync(CancellationToken.None));
        Assert.Equal(attachments, unfinished.Attachments);
        Assert.Equal(["urn:li:image:A", "urn:li:image:B"], unfinished.AttachmentUrns);
        var (again, createdAgain) = await ledger.BeginAsync(Address, "album-1", "two pictures", null, attachments, time.GetUtcNow(), CancellationToken.None);
        Assert.False(createdAgain);
        Assert.Equal(["urn:li:image:A", "urn:li:image:B"], again.AttachmentUrns);

        // The platform references (a Discord URL, a file path) are not readable in the database.
        Assert.False(await storage.StoredDataContainsAsync("file-id-secret-a"));
        Assert.True(await storage.StoredDataContainsAsync("urn:li:image:B"));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task GetUnfinished_ReturnsEntriesWithoutOutcomeOrWithoutReply(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        var now = time.GetUtcNow();
        var (pending, _) = await ledger.BeginAsync(Address, "pending", "text", Image, now, CancellationToken.None);
        var (unreplied, _) = await ledger.BeginAsync(Address, "unreplied", "text", null, now, CancellationToken.None);
        await ledger.CompleteAsync(unreplied.Id, new PublishOutcome.NotLinked(), now, CancellationToken.None);
        var (done, _) = await ledger.BeginAsync(Address, "done", "text", null, now, CancellationToken.None);
        await ledger.CompleteAsync(done.Id, new PublishOutcome.LinkExpired(), now, CancellationToken.None);
        await ledger.MarkRepliedAsync(done.Id, now, CancellationToken.None);

        var unfinished = await ledger.GetUnfinishedAsync(CancellationToken.None);

        Assert.Equal([pending.Id, unreplied.Id], unfinished.Select(entry => entry.Id));
        Assert.Equal(Image, unfinished[0].Image);
        Assert.Equal(Address, unfinished[0].Address);
        Assert.IsType<PublishOutcome.NotLinked>(unfinished[1].Outcome);
        Assert.False(unfinished[1].Replied);
        Assert.True((await ledger.FindAsync(Address.Platform, Address.ChatId, "done", CancellationToken.None))?.Replied);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Begin_ReplyContextIsNotInTheDatabaseFiles(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        await storage.Get<IPostLedger>().BeginAsync(Address, "msg-1", "visible post text", null, time.GetUtcNow(), CancellationToken.None);

        Assert.True(await storage.StoredDataContainsAsync("visible post text"));
        Assert.False(await storage.StoredDataContainsAsync(Address.ReplyContext!));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Update_UnknownId_Throws(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            storage.Get<IPostLedger>().MarkRepliedAsync(424242, time.GetUtcNow(), CancellationToken.None));
    }
}
