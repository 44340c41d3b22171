using System.Net;
using System.Text.Json;
using LinkedInBot.Sandbox;
using LinkedInBot.Tests.Configuration;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Sandbox;

/// <summary>Issue 15 §3: the sandbox is not open to whoever reaches the port.</summary>
public sealed class SandboxExposureTests
{
    private const string RemoteCaller = "X-Test-Remote-Address";

    [Fact]
    public async Task Exchange_WithoutTheGeneratedClientSecret_IsRefused_AndMintsNoToken()
    {
        await using var server = await SandboxServer.StartAsync();
        var consent = new Uri(QueryHelpers.AddQueryString(server.BaseUrl + "/sandbox/linkedin/oauth/v2/authorization", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = server.LinkedIn.ClientId,
            ["redirect_uri"] = server.CallbackUrl,
            ["state"] = "s",
            ["scope"] = "openid profile w_member_social",
        }));
        var code = QueryHelpers.ParseQuery((await ConsentForm.SubmitAsync(server.Client, consent, "allow")).Query)["code"].ToString();

        foreach (var secret in new[] { string.Empty, "guessed-secret", server.LinkedIn.ClientSecret + "x" })
        {
            using var response = await server.Client.PostAsync("/sandbox/linkedin/oauth/v2/accessToken", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = code,
                ["client_id"] = server.LinkedIn.ClientId,
                ["client_secret"] = secret,
                ["redirect_uri"] = server.CallbackUrl,
            }));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_client", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The code was not spent by the refused attempts: the bot, holding the secret, still gets its token.
        using var exchanged = await server.Client.PostAsync("/sandbox/linkedin/oauth/v2/accessToken", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = server.LinkedIn.ClientId,
            ["client_secret"] = server.LinkedIn.ClientSecret,
            ["redirect_uri"] = server.CallbackUrl,
        }));
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
    }

    [Fact]
    public async Task Consent_ForAnotherClientId_ShowsAnErrorAndRedirectsNowhere()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await server.Client.GetAsync(server.BaseUrl + "/sandbox/linkedin/oauth/v2/authorization?response_type=code&client_id=someone-else&state=s&scope=openid&redirect_uri=" + Uri.EscapeDataString(server.CallbackUrl));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("/sandbox/feed")]
    [InlineData("/sandbox/linkedin/oauth/v2/authorization?response_type=code")]
    [InlineData("/sandbox/linkedin/v2/userinfo")]
    public async Task NonLoopbackCaller_IsRefused_UnlessAllowRemote(string path)
    {
        await using var closed = await SandboxServer.StartAsync(map: PretendRemoteCallers);
        await using var open = await SandboxServer.StartAsync(builder => builder.Configuration["Sandbox:AllowRemote"] = "true", PretendRemoteCallers);

        using var fromLoopback = await closed.Client.GetAsync(path);
        using var fromRemote = await closed.Client.SendAsync(Remote(path));
        using var allowed = await open.Client.SendAsync(Remote(path));

        Assert.NotEqual(HttpStatusCode.Forbidden, fromLoopback.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, fromRemote.StatusCode);
        var page = WebUtility.HtmlDecode(await fromRemote.Content.ReadAsStringAsync());
        Assert.Contains("only on the bot's own machine", page, StringComparison.Ordinal);
        Assert.Contains("Sandbox:AllowRemote", page, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.Forbidden, allowed.StatusCode);
    }

    [Fact]
    public async Task RepeatedUploads_KeepTheStoredBytesUnderTheCap_DroppingTheOldestFirst()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server);
        var author = await SandboxApi.MemberUrnAsync(server, token);
        var image = new byte[19 * 1024 * 1024];
        TestImages.Png().CopyTo(image, 0);
        var ids = new List<string>();

        for (var i = 0; i < 8; i++)
        {
            using var init = await SandboxApi.SendAsync(server, HttpMethod.Post, "/sandbox/linkedin/rest/images?action=initializeUpload", token, new { initializeUploadRequest = new { owner = author } });
            using var value = JsonDocument.Parse(await init.Content.ReadAsStringAsync());
            var uploadUrl = value.RootElement.GetProperty("value").GetProperty("uploadUrl").GetString()!;
            using var put = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = new ByteArrayContent(image) };
            put.Headers.Authorization = new("Bearer", token);
            using var uploaded = await server.Client.SendAsync(put);
            Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
            ids.Add(uploadUrl[(uploadUrl.LastIndexOf('/') + 1)..]);

            Assert.InRange(server.LinkedIn.StoredImageBytes, image.Length, SandboxLinkedIn.MaxImageBytes);
        }

        Assert.Null(server.LinkedIn.FindImage(ids[0]));
        Assert.NotNull(server.LinkedIn.FindImage(ids[^1])?.Bytes);
        using var newest = await server.Client.GetAsync("/sandbox/linkedin/media/" + ids[^1]);
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
    }

    [Fact]
    public void RegisteredImages_AreCappedInNumber()
    {
        var sandbox = new SandboxLinkedIn(TimeProvider.System);
        var first = sandbox.RegisterImage("urn:li:person:a");

        for (var i = 0; i < SandboxLinkedIn.MaxImages; i++)
        {
            sandbox.RegisterImage("urn:li:person:a");
        }

        Assert.Null(sandbox.FindImage(first.Id));
    }

    [Theory]
    [InlineData("http://localhost:5080", false)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://[::1]:5080", false)]
    [InlineData("http://+:8080", true)]
    [InlineData("http://*:8080", true)]
    [InlineData("http://0.0.0.0:8080", true)]
    [InlineData("http://[::]:8080", true)]
    [InlineData("http://localhost:5080;http://192.168.1.20:5080", true)]
    public void ListensBeyondLoopback_TellsLoopbackFromExposedUrls(string urls, bool exposed) =>
        Assert.Equal(exposed, SandboxAccess.ListensBeyondLoopback(urls));

    [Theory]
    [InlineData(false, "answer only requests from this machine")]
    [InlineData(true, "SANDBOX EXPOSED")]
    public async Task StartupBanner_OnANonLoopbackAddress_SaysSoPlainly(bool allowRemote, string expected)
    {
        var logs = new CapturedLogs();
        await using var bot = await RunningBot.StartAsync(
            settings =>
            {
                settings["Urls"] = $"http://0.0.0.0:{FreePort.Next()}";
                settings["Sandbox:AllowRemote"] = allowRemote ? "true" : "false";
            },
            builder => builder.Logging.AddProvider(logs));

        var line = Assert.Single(logs.Entries, e => e.Category == "LinkedInBot.Sandbox" && e.Text.Contains("non-loopback address", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.Contains(expected, line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartupBanner_OnLoopback_SaysNothingAboutExposure()
    {
        var logs = new CapturedLogs();
        await using var bot = await RunningBot.StartAsync(configure: builder => builder.Logging.AddProvider(logs));

        Assert.Contains(logs.Entries, e => e.Text.StartsWith("SANDBOX — nothing is published", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("non-loopback", StringComparison.Ordinal) || e.Text.Contains("in a container", StringComparison.Ordinal));
    }

    /// <summary>
    /// Kestrel here only listens on 127.0.0.1; this test seam makes a request marked with a header look as if it came
    /// from another machine, the one fact the sandbox's access rule reads.
    /// </summary>
    private static void PretendRemoteCallers(WebApplication app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Headers.TryGetValue(RemoteCaller, out var address))
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            }

            return next(context);
        });

    private static HttpRequestMessage Remote(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(RemoteCaller, "203.0.113.7");
        return request;
    }
}
