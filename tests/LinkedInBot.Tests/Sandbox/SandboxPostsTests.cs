using System.Net;
using System.Text.Json;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Sandbox;

public sealed class SandboxPostsTests
{
    [Fact]
    public async Task CreatePost_Answers201WithTheShareUrn_AndTheFeedShowsTheTextAsLinkedInWould()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server, "Ada Lovelace");
        var author = await SandboxApi.MemberUrnAsync(server, token);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, @"Hello \(world\) #demo"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var urn = Assert.Single(response.Headers.GetValues("x-restli-id"));
        Assert.Matches(@"^urn:li:share:\d+$", urn);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        var feed = await server.Client.GetStringAsync("/sandbox/feed");
        Assert.Contains("Hello (world) <a class=\"hashtag\" href=\"https://www.linkedin.com/feed/hashtag/demo/\">#demo</a>", WebUtility.HtmlDecode(feed), StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace", feed, StringComparison.Ordinal);
        Assert.Contains(urn, feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_WithAnUnescapedReservedCharacter_ShowsTheTextCutThereLikeLinkedIn()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "Before (after"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var feed = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/sandbox/feed"));
        Assert.Contains("<div class=\"post\">Before </div>", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_SameTextBySameAuthorAgain_Answers422DuplicateWithTheOriginalUrn()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        using var first = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "Same text"));
        var urn = first.Headers.GetValues("x-restli-id").Single();

        using var second = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "Same text"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        using var error = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Equal("DUPLICATE_POST", error.RootElement.GetProperty("errorDetails").GetProperty("inputErrors")[0].GetProperty("code").GetString());
        Assert.EndsWith("Content is a duplicate of " + urn, error.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var otherToken = await SandboxApi.LinkAsync(server, "Grace Hopper");
        using var byOther = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", otherToken, SandboxApi.Post(await SandboxApi.MemberUrnAsync(server, otherToken), "Same text"));
        Assert.Equal(HttpStatusCode.Created, byOther.StatusCode);
    }

    [Fact]
    public async Task CreatePost_WithoutLinkedInVersion_Answers400VersionMissing()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(await SandboxApi.MemberUrnAsync(server, token), "x"), versioned: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("VERSION_MISSING", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_AsAnotherAuthor_Answers403AccessDenied()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post("urn:li:person:someoneelse", "x"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("ACCESS_DENIED", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_LongerThan3000Characters_Answers400FieldLengthTooLong()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(await SandboxApi.MemberUrnAsync(server, token), new string('a', 3001)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("FIELD_LENGTH_TOO_LONG", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreatePost_WithAnExpiredToken_Answers401Expired()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await SandboxServer.StartAsync(b => b.Services.AddSingleton<TimeProvider>(time));
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);

        time.Advance(TimeSpan.FromDays(61));
        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "late"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("65602", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePost_Answers204EvenTwice_AndTheFeedDropsThePost()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        using var created = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(await SandboxApi.MemberUrnAsync(server, token), "Short-lived"));
        var urn = created.Headers.GetValues("x-restli-id").Single();
        var path = "/sandbox/linkedin/rest/posts/" + Uri.EscapeDataString(urn);

        using var first = await SandboxApi.SendAsync(server, HttpMethod.Delete, path, token);
        using var second = await SandboxApi.SendAsync(server, HttpMethod.Delete, path, token);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, second.StatusCode);
        Assert.DoesNotContain("Short-lived", await server.Client.GetStringAsync("/sandbox/feed"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageUpload_ThenPost_ShowsTheImageOnTheFeedFromASandboxUrl()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        var png = TestImages.Png();

        using var init = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/images?action=initializeUpload", token, new { initializeUploadRequest = new { owner = author } });
        init.EnsureSuccessStatusCode();
        using var value = JsonDocument.Parse(await init.Content.ReadAsStringAsync());
        var uploadUrl = value.RootElement.GetProperty("value").GetProperty("uploadUrl").GetString()!;
        var imageUrn = value.RootElement.GetProperty("value").GetProperty("image").GetString()!;
        Assert.StartsWith(server.BaseUrl + "/sandbox/linkedin/", uploadUrl, StringComparison.Ordinal);
        Assert.StartsWith("urn:li:image:", imageUrn, StringComparison.Ordinal);

        using var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(png) };
        put.Headers.Authorization = new("Bearer", token);
        using var uploaded = await server.Client.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);

        using var created = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "With a picture", imageUrn));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var feed = await server.Client.GetStringAsync("/sandbox/feed");
        var src = System.Text.RegularExpressions.Regex.Match(feed, "<img class=\"post-image\" src=\"(?<src>[^\"]+)\" alt=\"A red dot\">").Groups["src"].Value;
        Assert.StartsWith("/sandbox/linkedin/", src, StringComparison.Ordinal);
        using var image = await server.Client.GetAsync(src);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ImageUpload_LargerThanLinkedInTakes_Answers413AndKeepsNothing()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        using var init = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/images?action=initializeUpload", token, new { initializeUploadRequest = new { owner = author } });
        using var value = JsonDocument.Parse(await init.Content.ReadAsStringAsync());
        var uploadUrl = value.RootElement.GetProperty("value").GetProperty("uploadUrl").GetString()!;
        var imageUrn = value.RootElement.GetProperty("value").GetProperty("image").GetString()!;

        using var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(new byte[LinkedInBot.Core.LinkedIn.LinkedInImageRules.MaxBytes + 1]) };
        put.Headers.Authorization = new("Bearer", token);

        // Expect: 100-continue lets the sandbox refuse before the 20 MB are on the wire (as LinkedIn's CDN would).
        put.Headers.ExpectContinue = true;
        using var uploaded = await server.Client.SendAsync(put);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, uploaded.StatusCode);
        using var created = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "With a picture", imageUrn));
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
    }

    [Fact]
    public async Task CreatePost_WithAnImageNeverUploaded_Answers400()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(await SandboxApi.MemberUrnAsync(server, token), "x", "urn:li:image:D4Enope"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Feed_ListsNewestFirst_AndEncodesEverythingItEchoes()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server, "<b>Mallory</b>");
        var author = await SandboxApi.MemberUrnAsync(server, token);
        await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, "first post"));
        await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/posts", token, SandboxApi.Post(author, @"second \<script\>alert(1)\</script\>"));

        using var response = await server.Client.GetAsync("/sandbox/feed");
        var feed = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("<script>", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Mallory", feed, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", feed, StringComparison.Ordinal);
        Assert.True(feed.IndexOf("second", StringComparison.Ordinal) < feed.IndexOf("first post", StringComparison.Ordinal), "newest first");
        Assert.Contains("SANDBOX — nothing is published to LinkedIn", WebUtility.HtmlDecode(feed), StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }
}
