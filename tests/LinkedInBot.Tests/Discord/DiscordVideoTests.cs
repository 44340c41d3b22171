using System.Net;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Discord;

/// <summary>Videos from Discord (/linkedin post, Share to LinkedIn) through the real core to the strict fake Videos API.</summary>
public sealed class DiscordVideoTests
{
    private const int PartSize = 100_000;

    [Fact]
    public async Task PostWithAVideo_IsPublishedByteForByte_AndTheDeferredResponseShowsTheProgress()
    {
        await using var linkedIn = await StartLinkedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var video = TestVideos.Mp4((2 * PartSize) + 777);
        var url = host.Discord.AddAttachment("launch.mp4", "video/mp4", video);

        var deferred = await host.InteractAsync(DiscordPayloads.Post("Our launch", "900", DiscordPayloads.Attachment("900", url, "launch.mp4", "video/mp4", video.Length)));

        Assert.Equal(5, (int)deferred["type"]!);
        var shared = await host.Discord.WaitForAsync(r => r.IsFollowup, TimeSpan.FromSeconds(20));
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal(video, linkedIn.Videos[post.ImageUrn!].Bytes);
        Assert.Contains(post.Urn, shared.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        var edits = host.Discord.Requests.Where(r => r.IsEditOriginal).Select(r => r.Json.GetProperty("content").GetString()!).ToList();
        Assert.Contains(VideoReplies.Processing, edits);
        Assert.Equal(VideoReplies.Ready, edits[^2]);
        Assert.Contains(post.Urn, edits[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWithAVideoLinkedInDoesNotTake_IsRefusedAtOnce()
    {
        await using var linkedIn = await StartLinkedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        var url = host.Discord.AddAttachment("huge.mp4", "video/mp4", [0]);

        var refused = await host.InteractAsync(DiscordPayloads.Post("Too big", "901", DiscordPayloads.Attachment("901", url, "huge.mp4", "video/mp4", 600L * 1024 * 1024)));

        Assert.Equal(4, (int)refused["type"]!);
        Assert.Equal("\"huge.mp4\": The video is 600 MB; LinkedIn takes videos up to 500 MB. Nothing was published.", (string)refused["data"]!["content"]!);
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path.StartsWith("/rest/videos", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShareToLinkedIn_OnAMessageWithAVideo_PublishesTheVideoWithTheEditedText()
    {
        await using var linkedIn = await StartLinkedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var video = TestVideos.Mp4(PartSize + 5);
        var url = host.Discord.AddAttachment("demo.mp4", "video/mp4", video);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("Watch the demo", [DiscordPayloads.Attachment("902", url, "demo.mp4", "video/mp4", video.Length)]));
        Assert.Equal(9, (int)modal["type"]!);
        Assert.Equal("\"demo.mp4\" is posted with the text.", (string)modal["data"]!["components"]![0]!["description"]!);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "Watch the demo!"));

        await host.Discord.WaitForAsync(r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.Contains("urn:li:share:", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Watch the demo!", post.RenderedText);
        Assert.Equal(video, linkedIn.Videos[post.ImageUrn!].Bytes);
    }

    private static async Task<FakeLinkedInServer> StartLinkedInAsync()
    {
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.VideoPartSize = PartSize;
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        return linkedIn;
    }

    private static async Task LinkAsync(DiscordTestHost host)
    {
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link"));
        string code;
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
            using var callback = await browser.GetAsync(consent.Headers.Location);
            code = LinkCodePage.CodeFrom(await callback.Content.ReadAsStringAsync());
        }

        var linked = await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = code }]));
        Assert.Contains("Linked as Ada Lovelace", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
    }
}
