using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// Videos from Telegram to LinkedIn through the real bot: Telegram.Bot against the fake Telegram, the core and SQLite,
/// the LinkedIn client against the strict fake Videos API.
/// </summary>
public sealed class TelegramVideoTests
{
    private const int PartSize = 100_000;

    [Fact]
    public async Task VideoWithPostCaption_IsPublishedByteForByte_WhileOneStatusMessageShowsTheProgress()
    {
        await using var world = await VideoWorld.StartAsync();
        var video = TestVideos.Mp4((3 * PartSize) + 12_345);

        var sent = world.Telegram.UserSendsVideo(AdaPrivate, Ada, video, "/post Our launch #video");

        var published = await world.Telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        var post = Assert.Single(world.LinkedIn.Posts);
        Assert.Equal("Our launch #video", post.RenderedText);
        var stored = world.LinkedIn.Videos[post.ImageUrn!];
        Assert.Equal(video, stored.Bytes);
        Assert.Equal(4, stored.PartPuts);
        var finalize = JsonNode.Parse(Assert.Single(world.LinkedIn.Requests, r => r.Query == "?action=finalizeUpload").Body)!;
        Assert.Equal(stored.ETags, finalize["finalizeUploadRequest"]!["uploadedPartIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal(sent.MessageId, published.ReplyToMessageId);

        // One status message, sent once and then edited: the upload's start, then LinkedIn's processing, then ready.
        var status = Assert.Single(world.Telegram.CallsTo("sendMessage"), c => c.VisibleText == VideoReplies.Uploading(0));
        var edits = world.Telegram.CallsTo("editMessageText");
        Assert.Contains(edits, e => e.VisibleText == VideoReplies.Processing);
        Assert.Equal(VideoReplies.Ready, edits[^1].VisibleText);
        var statusMessage = Assert.Single(world.Telegram.BotMessages, m => m.Message["text"]!.GetValue<string>() == VideoReplies.Ready);
        Assert.All(edits, e => Assert.Equal(statusMessage.MessageId, (int?)e.GetLong("message_id")));
        Assert.True(status.At <= edits[0].At);
        Assert.True(edits[^1].At <= published.At);
    }

    [Fact]
    public async Task VideoSentAsAFile_IsPublishedToo()
    {
        await using var world = await VideoWorld.StartAsync();
        var video = TestVideos.Mp4(PartSize + 1);

        world.Telegram.UserSendsVideo(AdaPrivate, Ada, video, "/post From my phone", asFile: true, fileName: "IMG_0042.MOV", mimeType: "video/quicktime");

        await world.Telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        Assert.Equal(video, world.LinkedIn.Videos[Assert.Single(world.LinkedIn.Posts).ImageUrn!].Bytes);
    }

    [Fact]
    public async Task VideoOver20MB_IsRefusedBeforeAnyDownloadOrUpload_NamingTheLimitAndTheWayOut()
    {
        await using var world = await VideoWorld.StartAsync();

        world.Telegram.UserSendsVideo(AdaPrivate, Ada, TestVideos.Mp4(PartSize), "/post Too long", declaredSize: 25L * 1024 * 1024);

        var refusal = await world.Telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Nothing was published", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        Assert.Equal(AttachmentReplies.VideoTooLargeForTelegram("clip.mp4", 20L * 1024 * 1024), refusal.VisibleText);
        Assert.Contains("Telegram:ApiBaseUrl", refusal.VisibleText, StringComparison.Ordinal);
        Assert.Equal(0, world.Telegram.DownloadCount);
        Assert.DoesNotContain(world.LinkedIn.Requests, r => r.Path.StartsWith("/rest/videos", StringComparison.Ordinal));
        Assert.Empty(world.LinkedIn.Posts);
    }

    [Fact]
    public async Task VideoLinkedInCannotProcess_GetsAClearReply_AndNoPost()
    {
        await using var world = await VideoWorld.StartAsync();
        world.LinkedIn.VideoProcessingFailure = "Video duration is shorter than 3 seconds";

        world.Telegram.UserSendsVideo(AdaPrivate, Ada, TestVideos.Mp4(PartSize), "/post Blink");

        var reply = await world.Telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Nothing was published", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));
        Assert.Equal(
            "\"clip.mp4\": LinkedIn could not process the video (Video duration is shorter than 3 seconds). LinkedIn takes MP4 videos of 3 seconds to 30 minutes. Nothing was published.",
            reply.VisibleText);
        Assert.Empty(world.LinkedIn.Posts);
    }

    [Fact]
    public async Task Redelivery_IsAnsweredFromTheLedger_WithoutDownloadingOrUploadingAgain()
    {
        await using var world = await VideoWorld.StartAsync();
        var video = TestVideos.Mp4(PartSize + 1);
        var sent = world.Telegram.UserSendsVideo(AdaPrivate, Ada, video, "/post Once only");
        await world.Telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(20));

        world.Telegram.Redeliver(sent);

        await world.Telegram.WaitForCallsAsync("sendMessage", 3, c => c.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true || c.VisibleText == VideoReplies.Uploading(0), TimeSpan.FromSeconds(20));
        Assert.Single(world.LinkedIn.Posts);
        Assert.Single(world.LinkedIn.Videos);
        Assert.Single(world.LinkedIn.Requests, r => r.Query == "?action=initializeUpload");
        Assert.Equal(1, world.Telegram.DownloadCount);
    }

    /// <summary>The fakes and the real bot, with Ada linked through Telegram as a user would.</summary>
    private sealed class VideoWorld : IAsyncDisposable
    {
        private VideoWorld(FakeTelegramServer telegram, FakeLinkedInServer linkedIn, BotUnderTest bot) => (Telegram, LinkedIn, Bot) = (telegram, linkedIn, bot);

        public FakeTelegramServer Telegram { get; }

        public FakeLinkedInServer LinkedIn { get; }

        public BotUnderTest Bot { get; }

        public static async Task<VideoWorld> StartAsync()
        {
            var telegram = await FakeTelegramServer.StartAsync();
            var linkedIn = await FakeLinkedInServer.StartAsync();
            linkedIn.VideoPartSize = PartSize;
            linkedIn.SignInAs("ada-sub", "Ada Lovelace");
            var bot = await BotUnderTest.StartAsync(linkedIn, configure: s =>
            {
                s["Telegram:BotToken"] = telegram.Token;
                s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
            });
            var world = new VideoWorld(telegram, linkedIn, bot);
            telegram.UserSends(AdaPrivate, Ada, "/link");
            var prompt = await telegram.WaitForCallAsync("sendMessage", c => c.UrlButtons.Count > 0, TimeSpan.FromSeconds(15));
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var consent = await browser.GetAsync(new Uri(Assert.Single(prompt.UrlButtons).Url));
            using var page = await browser.GetAsync(consent.Headers.Location!);
            telegram.UserSends(AdaPrivate, Ada, "/start " + await LinkCodePage.CodeFromAsync(page));
            await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Linked as Ada Lovelace", StringComparison.Ordinal) == true, TimeSpan.FromSeconds(15));
            return world;
        }

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await LinkedIn.DisposeAsync();
            await Telegram.DisposeAsync();
        }
    }
}
