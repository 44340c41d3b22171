using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace LinkedInBot.Tests.Sandbox;

public sealed class SandboxOAuthTests
{
    private static Uri AuthorizeUrl(SandboxServer server, string state = "state-123", string scope = "openid profile w_member_social", string? redirectUri = null) =>
        new(QueryHelpers.AddQueryString(server.BaseUrl + "/sandbox/linkedin/oauth/v2/authorization", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = server.LinkedIn.ClientId,
            ["redirect_uri"] = redirectUri ?? server.CallbackUrl,
            ["state"] = state,
            ["scope"] = scope,
        }));

    private static Dictionary<string, string> Query(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    private static Task<HttpResponseMessage> ExchangeAsync(SandboxServer server, string code, string? redirectUri = null) =>
        server.Client.PostAsync("/sandbox/linkedin/oauth/v2/accessToken", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = server.LinkedIn.ClientId,
            ["client_secret"] = server.LinkedIn.ClientSecret,
            ["redirect_uri"] = redirectUri ?? server.CallbackUrl,
        }));

    [Fact]
    public async Task Consent_ShowsWhatTheAppAsksForWithAllowAndCancel_AndEncodesTheState()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await server.Client.GetAsync(AuthorizeUrl(server, state: "\"><script>alert(1)</script>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Create, modify, and delete posts", html, StringComparison.Ordinal);
        Assert.Contains("value=\"allow\"", html, StringComparison.Ordinal);
        Assert.Contains("value=\"cancel\"", html, StringComparison.Ordinal);
        Assert.Contains("nothing is published to LinkedIn", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Allow_RedirectsToTheCallbackWithCodeAndState()
    {
        await using var server = await SandboxServer.StartAsync();

        var target = await ConsentForm.SubmitAsync(server.Client, AuthorizeUrl(server, state: "s t&a=te"), "allow");

        Assert.StartsWith(server.CallbackUrl + "?", target.AbsoluteUri, StringComparison.Ordinal);
        var query = Query(target);
        Assert.Equal("s t&a=te", query["state"]);
        Assert.False(string.IsNullOrEmpty(query["code"]));
    }

    [Fact]
    public async Task Cancel_RedirectsWithUserCancelledAuthorize()
    {
        await using var server = await SandboxServer.StartAsync();

        var target = await ConsentForm.SubmitAsync(server.Client, AuthorizeUrl(server), "cancel");

        var query = Query(target);
        Assert.Equal("user_cancelled_authorize", query["error"]);
        Assert.False(string.IsNullOrEmpty(query["error_description"]));
        Assert.Equal("state-123", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Consent_ForAnUnregisteredRedirectUri_ShowsAnErrorAndRedirectsNowhere()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await server.Client.GetAsync(AuthorizeUrl(server, redirectUri: "https://evil.example/steal"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Contains("redirect_uri does not match", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decision_WithAForgedRedirectUri_RedirectsNowhere()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await server.Client.PostAsync("/sandbox/linkedin/oauth/v2/authorization", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["redirect_uri"] = "https://evil.example/steal",
            ["state"] = "x",
            ["scope"] = "openid profile w_member_social",
            ["decision"] = "allow",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Consent_ForAScopeTheAppLacks_RedirectsWithUnauthorizedScopeError()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await server.Client.GetAsync(AuthorizeUrl(server, scope: "openid w_organization_social"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var query = Query(new Uri(response.Headers.Location!.OriginalString));
        Assert.Equal("unauthorized_scope_error", query["error"]);
        Assert.Contains("w_organization_social", query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_GivesASixtyDayTokenOnce_ThenCodeNotFound()
    {
        await using var server = await SandboxServer.StartAsync();
        var code = Query(await ConsentForm.SubmitAsync(server.Client, AuthorizeUrl(server), "allow"))["code"];

        using var first = await ExchangeAsync(server, code);
        using var again = await ExchangeAsync(server, code);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var token = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(5183999, token.RootElement.GetProperty("expires_in").GetInt32());
        Assert.Equal("Bearer", token.RootElement.GetProperty("token_type").GetString());
        Assert.Equal("openid,profile,w_member_social", token.RootElement.GetProperty("scope").GetString());
        Assert.True(token.RootElement.GetProperty("access_token").GetString()!.Length > 40);

        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("authorization code not found", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_WithAnotherRedirectUri_IsRefused()
    {
        await using var server = await SandboxServer.StartAsync();
        var code = Query(await ConsentForm.SubmitAsync(server.Client, AuthorizeUrl(server), "allow"))["code"];

        using var response = await ExchangeAsync(server, code, redirectUri: server.BaseUrl + "/other");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not match authorization code", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exchange_WithoutCode_SaysTheCodeIsMissing()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await ExchangeAsync(server, string.Empty);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", error.RootElement.GetProperty("error").GetString());
        Assert.Equal("A required parameter \"code\" is missing", error.RootElement.GetProperty("error_description").GetString());
    }

    [Fact]
    public async Task UserInfo_ReturnsTheMemberNamedOnTheConsentPage_AndRevokedTokensGet65601()
    {
        await using var server = await SandboxServer.StartAsync();
        var token = await SandboxApi.LinkAsync(server, "Grace Hopper");

        var member = await SandboxApi.UserInfoAsync(server, token);
        Assert.Equal("Grace Hopper", member.GetProperty("name").GetString());
        Assert.Equal("Grace", member.GetProperty("given_name").GetString());
        var sub = member.GetProperty("sub").GetString();
        Assert.Equal(sub, (await SandboxApi.UserInfoAsync(server, await SandboxApi.LinkAsync(server, "Grace Hopper"))).GetProperty("sub").GetString());
        Assert.NotEqual(sub, (await SandboxApi.UserInfoAsync(server, await SandboxApi.LinkAsync(server, "Ada Lovelace"))).GetProperty("sub").GetString());

        using var revoke = await server.Client.PostAsync("/sandbox/linkedin/oauth/v2/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = server.LinkedIn.ClientId,
            ["client_secret"] = server.LinkedIn.ClientSecret,
        }));
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        using var afterRevoke = await SandboxApi.SendAsync(server, HttpMethod.Get, "/sandbox/linkedin/v2/userinfo", token);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("65601", await afterRevoke.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/sandbox/linkedin/oauth/v2/accessToken")]
    [InlineData("/sandbox/linkedin/oauth/v2/authorization")]
    [InlineData("/sandbox/linkedin/oauth/v2/revoke")]
    public async Task FormEndpoints_WithAMalformedForm_Answer400(string path)
    {
        await using var server = await SandboxServer.StartAsync();
        using var body = new StringContent("--x\r\nnot a multipart body");
        body.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data");

        using var response = await server.Client.PostAsync(path, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UserInfo_WithoutAKnownToken_Answers401InvalidAccessToken()
    {
        await using var server = await SandboxServer.StartAsync();

        using var response = await SandboxApi.SendAsync(server, HttpMethod.Get, "/sandbox/linkedin/v2/userinfo", "made-up");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("INVALID_ACCESS_TOKEN", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
