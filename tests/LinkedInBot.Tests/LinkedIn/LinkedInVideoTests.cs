using System.Text.Json.Nodes;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInVideoTests
{
    // Just over LinkedIn's 75 KB minimum, so one part is a whole video.
    private const int PartSize = 80 * 1024;

    private static Task<LinkedInTestHost> StartAsync(Action<IServiceCollection>? services = null, Action<Dictionary<string, string?>>? settings = null) =>
        LinkedInTestHost.StartAsync(settings, collection =>
        {
            collection.PostConfigure<LinkedInResilienceOptions>(o => o.VideoPollInterval = TimeSpan.FromMilliseconds(10));
            services?.Invoke(collection);
        });

    [Fact]
    public async Task Upload_ThenPost_PutsEveryRangeOnceAndLinkedInHoldsTheSameBytes()
    {
        await using var host = await StartAsync();
        host.Fake.VideoPartSize = PartSize;
        host.Fake.VideoProcessingPolls = 2;
        var (token, author) = host.Member();
        var video = TestVideos.Mp4((4 * PartSize) + 1234);
        await using var source = new TestVideos.ForwardOnlyStream(new MemoryStream(video));

        var upload = await host.Client.UploadVideoAsync(token, author, source, video.Length, null, CancellationToken.None);
        var outcome = await host.Client.CreatePostAsync(token, author, "a clip", upload.Value, CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Failure?.ToString());
        Assert.StartsWith("urn:li:video:", upload.Value, StringComparison.Ordinal);
        var stored = host.Fake.Videos[upload.Value!];
        Assert.Equal("AVAILABLE", stored.Status);
        Assert.Equal(5, stored.PartPuts);
        Assert.Equal(video, stored.Bytes);
        Assert.IsType<PublishOutcome.Published>(outcome);
        Assert.Equal(upload.Value, Assert.Single(host.Fake.Posts).ImageUrn);

        // Parts go to the signed URLs without the member's token; finalize names the ETags in the parts' order.
        Assert.All(host.Fake.Requests.Where(r => r.Method == "PUT"), put => Assert.Null(put.Header("Authorization")));
        var initialize = JsonNode.Parse(Assert.Single(host.Fake.Requests, r => r.Query == "?action=initializeUpload").Body)!["initializeUploadRequest"]!;
        Assert.Equal(video.Length, initialize["fileSizeBytes"]!.GetValue<long>());
        Assert.Equal(author, initialize["owner"]!.GetValue<string>());
        var finalize = JsonNode.Parse(Assert.Single(host.Fake.Requests, r => r.Query == "?action=finalizeUpload").Body)!["finalizeUploadRequest"]!;
        Assert.Equal(stored.ETags, finalize["uploadedPartIds"]!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.Equal(video.Length, source.BytesRead);
    }

    [Fact]
    public async Task Upload_ReportsBytesSentInOrder_ThenProcessing()
    {
        await using var host = await StartAsync();
        host.Fake.VideoPartSize = PartSize;
        var (token, author) = host.Member();
        var video = TestVideos.Mp4((2 * PartSize) + 10);
        var reports = new List<VideoUploadProgress>();

        var upload = await host.Client.UploadVideoAsync(token, author, new MemoryStream(video), video.Length, new ListProgress(reports), CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Failure?.ToString());
        Assert.Equal(
            [
                new VideoUploadProgress(0, video.Length, false),
                new VideoUploadProgress(PartSize, video.Length, false),
                new VideoUploadProgress(2 * PartSize, video.Length, false),
                new VideoUploadProgress(video.Length, video.Length, false),
                new VideoUploadProgress(video.Length, video.Length, true),
            ],
            reports);
    }

    [Fact]
    public async Task Upload_WhenAPartPutFailsOnce_SendsThatPartAgainAndTheBytesStayIdentical()
    {
        await using var host = await StartAsync();
        host.Fake.VideoPartSize = PartSize;
        host.Fake.FailVideoPartOnce = 1;
        var (token, author) = host.Member();
        var video = TestVideos.Mp4(3 * PartSize);

        var upload = await host.Client.UploadVideoAsync(token, author, new TestVideos.ForwardOnlyStream(new MemoryStream(video)), video.Length, null, CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Failure?.ToString());
        Assert.Equal(4, host.Fake.Requests.Count(r => r.Method == "PUT"));
        Assert.Equal(video, host.Fake.Videos[upload.Value!].Bytes);
    }

    [Fact]
    public async Task Upload_WhenLinkedInCannotProcessTheVideo_IsRejectedWithItsReason()
    {
        await using var host = await StartAsync();
        host.Fake.VideoPartSize = PartSize;
        host.Fake.VideoProcessingFailure = "Video duration is shorter than 3 seconds";
        var (token, author) = host.Member();
        var video = TestVideos.Mp4(PartSize + 1);

        var upload = await host.Client.UploadVideoAsync(token, author, new MemoryStream(video), video.Length, null, CancellationToken.None);

        var rejected = Assert.IsType<PublishOutcome.Rejected>(upload.Failure);
        Assert.Contains("LinkedIn could not process the video (Video duration is shorter than 3 seconds)", rejected.Reason, StringComparison.Ordinal);
        Assert.Equal("PROCESSING_FAILED", Assert.Single(host.Fake.Videos.Values).Status);
    }

    [Fact]
    public async Task Upload_WhenProcessingNeverEnds_GivesUpAfterTenMinutes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // The clock drives the HTTP time-outs too: long enough that only the processing wait can end this.
        await using var host = await StartAsync(
            services => services.AddSingleton<TimeProvider>(clock),
            settings =>
            {
                settings["LinkedIn:Resilience:AttemptTimeout"] = "00:10:00";
                settings["LinkedIn:Resilience:TotalTimeout"] = "00:30:00";
            });
        host.Fake.VideoPartSize = PartSize;
        host.Fake.VideoProcessingPolls = int.MaxValue;
        var (token, author) = host.Member();
        var video = TestVideos.Mp4(PartSize);

        var upload = host.Client.UploadVideoAsync(token, author, new MemoryStream(video), video.Length, null, CancellationToken.None);
        while (!upload.IsCompleted)
        {
            clock.Advance(TimeSpan.FromSeconds(15));
            await Task.WhenAny(upload, Task.Delay(20));
        }

        var unavailable = Assert.IsType<PublishOutcome.Unavailable>((await upload).Failure);
        Assert.Contains("still processing the video after 10 minutes", unavailable.Detail, StringComparison.Ordinal);
        Assert.True(clock.GetUtcNow() - clock.Start >= TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Upload_OfSomethingThatIsNotAnMp4_IsRejectedBeforeAnyCall()
    {
        await using var host = await StartAsync();
        var (token, author) = host.Member();
        var notVideo = new byte[100 * 1024];
        "%PDF-1.7"u8.CopyTo(notVideo);

        var upload = await host.Client.UploadVideoAsync(token, author, new MemoryStream(notVideo), notVideo.Length, null, CancellationToken.None);

        Assert.Equal(new PublishOutcome.Rejected("That file is not an MP4 video."), upload.Failure);
        Assert.Empty(host.Fake.Requests);
    }

    [Theory]
    [InlineData(1000, "The video is 1 KB; LinkedIn takes videos from 75 KB to 500 MB.")]
    [InlineData(600L * 1024 * 1024, "The video is 600 MB; LinkedIn takes videos up to 500 MB.")]
    public async Task Upload_OutsideLinkedInsSizes_IsRejectedBeforeAnyCall(long length, string reason)
    {
        await using var host = await StartAsync();
        var (token, author) = host.Member();

        var upload = await host.Client.UploadVideoAsync(token, author, new MemoryStream(TestVideos.Mp4(1000)), length, null, CancellationToken.None);

        Assert.Equal(new PublishOutcome.Rejected(reason), upload.Failure);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task Upload_WhenTheSourceEndsEarly_FailsWithoutFinalizing()
    {
        await using var host = await StartAsync();
        host.Fake.VideoPartSize = PartSize;
        var (token, author) = host.Member();
        var video = TestVideos.Mp4(2 * PartSize);

        var upload = await host.Client.UploadVideoAsync(token, author, new MemoryStream(video), video.Length + 500, null, CancellationToken.None);

        Assert.IsType<PublishOutcome.Rejected>(upload.Failure);
        Assert.DoesNotContain(host.Fake.Requests, r => r.Query == "?action=finalizeUpload");
    }

    [Fact]
    public async Task Post_WithAVideoStillProcessing_IsRefusedByTheFakeLikeLinkedIn()
    {
        // The fake's own strictness, which the tests above rely on: a post may only use an AVAILABLE video.
        await using var host = await StartAsync();
        var (token, author) = host.Member();

        var outcome = await host.Client.CreatePostAsync(token, author, "too early", "urn:li:video:C5610AQ1", CancellationToken.None);

        Assert.IsType<PublishOutcome.Rejected>(outcome);
        Assert.Empty(host.Fake.Posts);
    }

    private sealed class ListProgress(List<VideoUploadProgress> reports) : IProgress<VideoUploadProgress>
    {
        public void Report(VideoUploadProgress value) => reports.Add(value);
    }
}
