using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Storage;

/// <summary>The stores of issue 13 (post history over the ledger, waiting posts, user settings) on both providers.</summary>
public sealed class PostControlStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChatAddress Ada = new("telegram", "chat-1", "user-1", "m:7");

    private static async Task<long> PublishedAsync(IPostLedger ledger, string messageId, string text, string urn, ChatAddress? address = null)
    {
        var (entry, _) = await ledger.BeginAsync(address ?? Ada, messageId, text, null, Now, CancellationToken.None);
        await ledger.CompleteAsync(entry.Id, new PublishOutcome.Published(urn, new Uri("https://www.linkedin.com/feed/update/" + urn + "/")), Now, CancellationToken.None);
        return entry.Id;
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task History_FindsPublishedPostsOnly_NewestFirst_AndRecordsEditsAndDeletionOnce(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var ledger = storage.Get<IPostLedger>();
        var history = storage.Get<IPostHistory>();
        var first = await PublishedAsync(ledger, "m1", "first", "urn:li:share:1");
        var second = await PublishedAsync(ledger, "m2", "second", "urn:li:share:2");
        var (failed, _) = await ledger.BeginAsync(Ada, "m3", "refused", null, Now, CancellationToken.None);
        await ledger.CompleteAsync(failed.Id, new PublishOutcome.RateLimited(), Now, CancellationToken.None);
        await PublishedAsync(ledger, "m4", "someone else's", "urn:li:share:4", new ChatAddress("telegram", "chat-1", "user-2"));

        Assert.Equal([second, first], (await history.RecentAsync("telegram", "user-1", 10, CancellationToken.None)).Select(p => p.Number));
        Assert.Null(await history.FindAsync(failed.Id, CancellationToken.None));
        Assert.Equal(first, (await history.FindByMessageAsync("telegram", "chat-1", "m1", CancellationToken.None))!.Number);
        Assert.Equal(second, (await history.FindByUrnAsync("telegram", "user-1", "urn:li:share:2", CancellationToken.None))!.Number);
        Assert.Null(await history.FindByUrnAsync("telegram", "user-1", "urn:li:share:4", CancellationToken.None));

        await history.MarkEditedAsync(first, "first, edited", Now.AddMinutes(1), CancellationToken.None);
        Assert.True(await history.MarkDeletedAsync(second, Now.AddMinutes(2), CancellationToken.None));
        Assert.False(await history.MarkDeletedAsync(second, Now.AddMinutes(3), CancellationToken.None));

        var edited = await history.FindAsync(first, CancellationToken.None);
        var deleted = await history.FindAsync(second, CancellationToken.None);
        Assert.Equal(("first, edited", Now.AddMinutes(1), (DateTimeOffset?)null, "m:7"), (edited!.Text, edited.EditedAt!.Value, edited.DeletedAt, edited.Address.ReplyContext));
        Assert.Equal(Now.AddMinutes(2), deleted!.DeletedAt);
        Assert.False(edited.HasImage);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task WaitingPosts_AreAddedOncePerRequest_MoveOnlyFromTheStatesGiven_AndListSoonestFirst(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IWaitingPostStore>();
        var image = new WaitingImage("photo.jpg", 1234, "telegram-file-id");
        var later = new WaitingPost(0, Ada, "m1", "Ada", true, "later", image, WaitingPostState.Scheduled, Now.AddDays(1), Now);
        var sooner = later with { MessageId = "m2", Text = "sooner", Image = null, DueAt = Now.AddHours(1) };

        var (added, created) = await store.AddAsync(later, Now, CancellationToken.None);
        var (again, createdAgain) = await store.AddAsync(later with { Text = "redelivered" }, Now, CancellationToken.None);
        var (second, _) = await store.AddAsync(sooner, Now, CancellationToken.None);
        await store.AddAsync(sooner with { MessageId = "m3", State = WaitingPostState.Draft, DueAt = null }, Now, CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(added.Number, again.Number);
        Assert.Equal("later", again.Text);
        Assert.Equal(image, again.Image);
        Assert.Equal(Ada, again.Address);
        Assert.True(again.IsGroupChat);
        Assert.Equal(["sooner", "later"], (await store.ListAsync("telegram", "user-1", [WaitingPostState.Scheduled], CancellationToken.None)).Select(p => p.Text));

        Assert.True(await store.MoveAsync(second.Number, [WaitingPostState.Scheduled, WaitingPostState.Late], WaitingPostState.Cancelled, null, Now, CancellationToken.None));
        Assert.False(await store.MoveAsync(second.Number, [WaitingPostState.Scheduled, WaitingPostState.Late], WaitingPostState.Publishing, null, Now, CancellationToken.None));
        Assert.True(await store.MoveAsync(added.Number, [WaitingPostState.Scheduled], WaitingPostState.Scheduled, Now.AddDays(2), Now, CancellationToken.None));
        Assert.Equal(Now.AddDays(2), (await store.FindAsync(added.Number, CancellationToken.None))!.DueAt);
        Assert.Equal(WaitingPostState.Cancelled, (await store.FindAsync(second.Number, CancellationToken.None))!.State);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task UserSettings_DefaultUntilSet_ThenKeptPerPlatformAndUser(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var settings = storage.Get<IUserSettingsStore>();

        Assert.Equal(UserSettings.Default, await settings.GetAsync("telegram", "user-1", CancellationToken.None));

        await settings.SetTimeZoneAsync("telegram", "user-1", "Europe/Berlin", Now, CancellationToken.None);
        await settings.SetPreviewByDefaultAsync("telegram", "user-1", true, Now, CancellationToken.None);
        await settings.SetTimeZoneAsync("telegram", "user-1", "America/New_York", Now, CancellationToken.None);

        Assert.Equal(new UserSettings("America/New_York", true), await settings.GetAsync("telegram", "user-1", CancellationToken.None));
        Assert.Equal(UserSettings.Default, await settings.GetAsync("discord", "user-1", CancellationToken.None));
    }
}
