using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// Albums and documents from Telegram, end to end: the real bot between the fake Telegram and the fake LinkedIn, the
/// bytes compared at LinkedIn.
/// </summary>
public sealed class TelegramRichPostTests
{
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromMilliseconds(300);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Album_WithPostInACaption_BecomesOneMultiImagePost_InAlbumOrder(StorageProvider provider)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn, provider: provider);
        await LinkAsync(telegram, Ada);
        var pictures = Enumerable.Range(1, 3).Select(i => (byte[])[.. TestImages.Png(), (byte)i]).ToList();

        // The caption sits on the second item, as Telegram allows.
        var album = telegram.UserSendsAlbum(AdaPrivate, Ada, pictures.Select(p => telegram.AddPhotoSizes(p)).ToList(), "/post Three dots", captionIndex: 1);

        var published = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(15));
        Assert.Equal(album[1].MessageId, published.ReplyToMessageId);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Three dots", post.RenderedText);
        Assert.Equal(pictures, post.MultiImage!.Select(image => linkedIn.Images[image.Id]));
    }

    [Fact]
    public async Task Album_CutOffByARestartWhileCollecting_IsFinishedByTheNextStart()
    {
        using var folder = new TempDirectory();
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        var pictures = Enumerable.Range(1, 2).Select(i => (byte[])[.. TestImages.Png(), (byte)i]).ToList();
        // The first run stops well within the quiet period; its album's check is due only after it.
        await using (var first = await StartAsync(telegram, linkedIn, folder, quiet: TimeSpan.FromSeconds(5)))
        {
            await LinkAsync(telegram, Ada);
            var album = telegram.UserSendsAlbum(AdaPrivate, Ada, pictures.Select(p => telegram.AddPhotoSizes(p)).ToList(), "/post After a restart");

            // Both items are taken and wait in the store; the album is not complete yet.
            var group = (string)album[0].Message["media_group_id"]!;
            var store = first.App.Services.GetRequiredService<LinkedInBot.Core.Storage.IAlbumStore>();
            await Eventually.TrueAsync(async () => (await store.ListAsync("telegram", Ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), group, CancellationToken.None)).Count == 2, "the album's items are stored");
        }

        Assert.Empty(linkedIn.Posts);
        await using var second = await StartAsync(telegram, linkedIn, folder);

        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("After a restart", post.RenderedText);
        Assert.Equal(pictures, post.MultiImage!.Select(image => linkedIn.Images[image.Id]));
    }

    [Fact]
    public async Task Album_WithoutPost_IsIgnored_AndElevenPhotos_AreRefused()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);
        var sentBefore = telegram.CallsTo("sendMessage").Count;

        telegram.UserSendsAlbum(AdaPrivate, Ada, [telegram.AddPhotoSizes(TestImages.Png()), telegram.AddPhotoSizes(TestImages.Png())], "holiday");
        telegram.UserSendsAlbum(AdaPrivate, Ada, Enumerable.Range(0, 11).Select(_ => telegram.AddPhotoSizes(TestImages.Png())).ToList(), "/post Too many");

        var refused = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText == AttachmentReplies.AlbumTooLarge(10), TimeSpan.FromSeconds(15));
        Assert.Equal(Ada.Id, refused.ChatId);
        Assert.Equal(sentBefore + 1, telegram.CallsTo("sendMessage").Count);
        Assert.Empty(linkedIn.Posts);
        Assert.Empty(linkedIn.Images);
    }

    [Fact]
    public async Task Album_WithAVideo_IsRefusedNamingWhatAnAlbumPostTakes()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);

        telegram.UserSendsAlbumItem(AdaPrivate, Ada, "77", photo: telegram.AddPhotoSizes(TestImages.Png()), caption: "/post Mixed");
        telegram.UserSendsAlbumItem(AdaPrivate, Ada, "77", videoFileId: "VIDEO1");

        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText == AttachmentReplies.AlbumOnlyPhotos, TimeSpan.FromSeconds(15));
        Assert.Empty(linkedIn.Posts);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Document_WithPostCaption_IsADocumentPost_TitledByItsFileName_WithTheSameBytes(StorageProvider provider)
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn, provider: provider);
        await LinkAsync(telegram, Ada);
        var pdf = TestDocuments.Pdf(pages: 12, minLength: 300_000);

        var sent = telegram.UserSendsDocument(AdaPrivate, Ada, pdf, "Q3 results.pdf", "application/pdf", "/post Our quarter");

        var published = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == sent.MessageId, TimeSpan.FromSeconds(15));
        Assert.StartsWith("Published on LinkedIn", published.VisibleText, StringComparison.Ordinal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Our quarter", post.RenderedText);
        Assert.Equal("Q3 results", post.Document!.Title);
        Assert.Equal(pdf, linkedIn.Documents[post.Document.Urn]);
        Assert.Equal(1, linkedIn.DocumentPuts);

        // The same message comes again (in another update, so the job queue does not catch it): the ledger answers.
        telegram.Enqueue((System.Text.Json.Nodes.JsonObject)sent.Update.DeepClone());
        await telegram.WaitForCallsAsync("sendMessage", 2, c => c.ReplyToMessageId == sent.MessageId, TimeSpan.FromSeconds(15));
        Assert.Single(linkedIn.Posts);
        Assert.Single(linkedIn.Documents);
    }

    [Fact]
    public async Task Document_WhoseCaptionIsEdited_ChangesThePostsText()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);
        var sent = telegram.UserSendsDocument(AdaPrivate, Ada, TestDocuments.Pdf(2), "deck.pdf", "application/pdf", "/post First words");
        await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == sent.MessageId, TimeSpan.FromSeconds(15));

        telegram.UserEdits(sent, "/post Better words");

        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Updated the post on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(15));
        Assert.Equal("Better words", Assert.Single(linkedIn.Posts).RenderedText);
    }

    [Fact]
    public async Task Document_OverTwentyMegabytes_OnTheCloudBotApi_IsRefusedNamingTheLimit()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);

        var sent = telegram.UserSendsDocument(AdaPrivate, Ada, TestDocuments.Pdf(1), "big.pdf", "application/pdf", "/post Big", declaredSize: 30L * 1024 * 1024);

        var refused = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == sent.MessageId, TimeSpan.FromSeconds(15));
        Assert.Equal(AttachmentReplies.AttachmentTooLargeToDownload("big.pdf", 20L * 1024 * 1024), refused.VisibleText);
        Assert.Empty(linkedIn.Documents);
    }

    private static Task<BotUnderTest> StartAsync(FakeTelegramServer telegram, FakeLinkedInServer linkedIn, TempDirectory? folder = null, StorageProvider provider = StorageProvider.Sqlite, TimeSpan? quiet = null) =>
        BotUnderTest.StartAsync(
            linkedIn,
            folder,
            configure: s =>
            {
                s["Telegram:BotToken"] = telegram.Token;
                s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
            },
            provider: provider,
            services: s => s.PostConfigure<TelegramOptions>(o => o.AlbumQuietPeriod = quiet ?? QuietPeriod));

    /// <summary>/link in the private chat, through LinkedIn's consent, then the code.</summary>
    private static async Task LinkAsync(FakeTelegramServer telegram, FakeTelegramUser user)
    {
        telegram.UserSends(FakeTelegramChat.Private(user), user, "/link");
        var prompt = await telegram.WaitForCallAsync("sendMessage", c => c.UrlButtons.Count == 1);
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(new Uri(prompt.UrlButtons[0].Url));
        telegram.UserSends(FakeTelegramChat.Private(user), user, "/link " + await LinkCodePage.CodeFromAsync(page));
        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Linked as", StringComparison.Ordinal) == true);
    }
}
