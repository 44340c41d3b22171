using System.Net;
using System.Text.Json;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Sandbox;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Sandbox;

/// <summary>The sandbox's Videos API, driven by the real LinkedIn client as in a first run, and the video on the feed.</summary>
public sealed class SandboxVideoTests
{
    [Fact]
    public async Task VideoUpload_ThenPost_ShowsAPlayerOnTheFeedThatServesTheSameBytes()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        await using var services = ClientFor(server);
        var client = services.GetRequiredService<ILinkedInClient>();
        var video = TestVideos.Mp4(SandboxVideos.PartSize + 100_000);

        var upload = await client.UploadVideoAsync(token, author, new TestVideos.ForwardOnlyStream(new MemoryStream(video)), video.Length, null, CancellationToken.None);
        var outcome = await client.CreatePostAsync(token, author, "Our launch, in 3 seconds #video", upload.Value, CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Failure?.ToString());
        Assert.IsType<PublishOutcome.Published>(outcome);
        var feed = await server.Client.GetStringAsync("/sandbox/feed");
        var src = System.Text.RegularExpressions.Regex.Match(feed, "<video class=\"post-image\" controls preload=\"metadata\" src=\"(?<src>[^\"]+)\"></video>").Groups["src"].Value;
        Assert.StartsWith("/sandbox/linkedin/media/video/", src, StringComparison.Ordinal);
        using var served = await server.Client.GetAsync(src);
        Assert.Equal("video/mp4", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(video, await served.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Finalize_WithTheETagsOutOfOrder_IsRefused_AndThePostCannotUseTheVideo()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        var video = TestVideos.Mp4(SandboxVideos.PartSize + 100_000);
        using var init = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/videos?action=initializeUpload", token,
            new { initializeUploadRequest = new { owner = author, fileSizeBytes = video.Length, uploadCaptions = false, uploadThumbnail = false } });
        using var plan = JsonDocument.Parse(await init.Content.ReadAsStringAsync());
        var value = plan.RootElement.GetProperty("value");
        var etags = new List<string>();
        foreach (var part in value.GetProperty("uploadInstructions").EnumerateArray())
        {
            var first = part.GetProperty("firstByte").GetInt32();
            var last = part.GetProperty("lastByte").GetInt32();
            using var put = await server.Client.PutAsync(part.GetProperty("uploadUrl").GetString(), new ByteArrayContent(video, first, last - first + 1));
            etags.Add(put.Headers.ETag?.Tag ?? string.Join(",", put.Headers.GetValues("ETag")));
        }

        etags.Reverse();
        using var finalize = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/videos?action=finalizeUpload", token,
            new { finalizeUploadRequest = new { video = value.GetProperty("video").GetString(), uploadToken = value.GetProperty("uploadToken").GetString(), uploadedPartIds = etags } });
        using var created = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "too early", value.GetProperty("video").GetString()));

        Assert.Equal(2, etags.Count);
        Assert.Equal(HttpStatusCode.BadRequest, finalize.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
    }

    [Fact]
    public async Task Part_OfTheWrongLength_IsRefused()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        using var init = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/videos?action=initializeUpload", token,
            new { initializeUploadRequest = new { owner = author, fileSizeBytes = 100_000, uploadCaptions = false, uploadThumbnail = false } });
        using var plan = JsonDocument.Parse(await init.Content.ReadAsStringAsync());
        var url = plan.RootElement.GetProperty("value").GetProperty("uploadInstructions")[0].GetProperty("uploadUrl").GetString();

        using var put = await server.Client.PutAsync(url, new ByteArrayContent(new byte[99_999]));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
    }

    private static ServiceProvider ClientFor(SandboxServer server)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:PublicBaseUrl"] = server.BaseUrl,
            ["LinkedIn:ClientId"] = server.LinkedIn.ClientId,
            ["LinkedIn:ClientSecret"] = server.LinkedIn.ClientSecret,
            ["LinkedIn:AuthBaseUrl"] = server.BaseUrl + "/sandbox/linkedin/oauth/v2",
            ["LinkedIn:ApiBaseUrl"] = server.BaseUrl + "/sandbox/linkedin",
            ["LinkedIn:ApiVersion"] = "202610",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddOptions<LinkedInOptions>().Bind(configuration.GetSection(LinkedInOptions.Section));
        services.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services.PostConfigure<LinkedInResilienceOptions>(o => o.VideoPollInterval = TimeSpan.FromMilliseconds(10));
        services.AddLinkedInClient();
        return services.BuildServiceProvider();
    }
}
