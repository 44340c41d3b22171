using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LinkedInBot.Tests.Posting;

/// <summary>The core's path for a video: its URN in the ledger before the create, its progress as statuses.</summary>
public sealed class VideoPostingTests
{
    private static readonly PublishOutcome.Published Share1 = new("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"));

    private sealed class StoredFiles : IChatMediaSource
    {
        public Dictionary<string, byte[]> Files { get; } = [];

        public string Platform => "test";

        public Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken) =>
            Files.TryGetValue(reference, out var bytes)
                ? Task.FromResult<Stream>(new MemoryStream(bytes))
                : throw new ChatImageUnavailableException(ChatImageProblem.Gone);
    }

    private static ChatRequest Post(StoredFiles files, string text, string messageId, byte[] video)
    {
        files.Files["clip.mp4"] = video;
        var attachment = new ChatAttachment(AttachmentKind.Video, "clip.mp4", video.Length, _ => Task.FromResult<Stream>(new MemoryStream(video))) { Reference = "clip.mp4" };
        return new ChatRequest(CoreHost.Address("ada"), "ada", messageId, ChatCommand.Post, text) { Attachments = [attachment] };
    }

    [Fact]
    public async Task Resume_AfterTheVideoWasUploaded_CreatesThePostWithItsUrn_WithoutUploadingAgain()
    {
        using var folder = new TempDirectory();
        var files = new StoredFiles();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 12, 0, 0, TimeSpan.Zero));
        var firstRun = await CoreHost.StartAsync(folder, time: time, configure: s => s.AddSingleton<IChatMediaSource>(files));
        await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");
        firstRun.LinkedIn.Setup(c => c.UploadVideoAsync("token-ada", "urn:li:person:ada", It.IsAny<Stream>(), 200_000, It.IsAny<IProgress<VideoUploadProgress>?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:video:C5610AQ1"));
        var creating = new TaskCompletionSource();
        firstRun.LinkedIn.Setup(c => c.CreateMediaPostAsync("token-ada", "urn:li:person:ada", "clip", It.IsAny<IReadOnlyList<LinkedInMedia>>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, string _, IReadOnlyList<LinkedInMedia> _, CancellationToken ct) =>
            {
                creating.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return Share1;
            });
        using var stop = new CancellationTokenSource();
        var cutOff = firstRun.Bot.HandleAsync(Post(files, "clip", "video-1", TestVideos.Mp4(200_000)), (_, _) => Task.CompletedTask, stop.Token);
        await creating.Task;
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cutOff);
        await firstRun.DisposeAsync();

        // Strict: an upload would throw. Only the create, naming the recorded video, is allowed.
        var client = new Mock<ILinkedInClient>(MockBehavior.Strict);
        client.Setup(c => c.CreateMediaPostAsync("token-ada", "urn:li:person:ada", "clip", It.Is<IReadOnlyList<LinkedInMedia>>(m => m.Count == 1 && m[0].Id == "urn:li:video:C5610AQ1"), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Share1);
        await using var secondRun = await CoreHost.StartAsync(folder, client, time, configure: s => s.AddSingleton<IChatMediaSource>(files));

        await secondRun.Notifier.WaitForAsync(1);
        time.Advance(TimeSpan.FromSeconds(15));
        var replies = await secondRun.Notifier.WaitForAsync(2);

        Assert.Contains(Share1.Url.ToString(), replies[1].Reply.Text, StringComparison.Ordinal);
        client.Verify(c => c.CreateMediaPostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IReadOnlyList<LinkedInMedia>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Publish_ShowsTheUploadAsStatuses_AndTheLastIsOutBeforeTheAnswer()
    {
        var files = new StoredFiles();
        await using var core = await CoreHost.StartAsync(configure: s => s.AddSingleton<IChatMediaSource>(files));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.UploadVideoAsync("token-ada", "urn:li:person:ada", It.IsAny<Stream>(), 200_000, It.IsAny<IProgress<VideoUploadProgress>?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string _, Stream _, long length, IProgress<VideoUploadProgress>? progress, CancellationToken _) =>
            {
                progress!.Report(new VideoUploadProgress(0, length, false));
                progress.Report(new VideoUploadProgress(length, length, false));
                progress.Report(new VideoUploadProgress(length, length, true));
                return Task.FromResult(LinkedInResult<string>.Ok("urn:li:video:C5610AQ2"));
            });
        core.LinkedIn.Setup(c => c.CreateMediaPostAsync("token-ada", "urn:li:person:ada", "clip", It.IsAny<IReadOnlyList<LinkedInMedia>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Share1);
        var said = new List<ChatReply>();

        await core.Bot.HandleAsync(Post(files, "clip", "video-2", TestVideos.Mp4(200_000)), (reply, _) =>
        {
            lock (said)
            {
                said.Add(reply);
            }

            return Task.CompletedTask;
        }, CancellationToken.None);

        // "100 %" comes within two seconds of "0 %": left out. Statuses that come while one is being sent wait, the
        // latest replacing the one before; the last one reported is out before the answer.
        var statuses = said.Where(r => r.IsStatus).Select(r => r.Text).ToList();
        Assert.Equal(VideoReplies.Uploading(0), statuses[0]);
        Assert.Equal(VideoReplies.Ready, statuses[^1]);
        Assert.DoesNotContain(VideoReplies.Uploading(100), statuses);
        Assert.False(said[^1].IsStatus);
        Assert.Contains(Share1.Url.ToString(), said[^1].Text, StringComparison.Ordinal);
    }
}
