using System.Net;
using LinkedInBot.Core.Posting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInOAuthTests
{
    private const string Callback = LinkedInTestHost.PublicBaseUrl + "/auth/linkedin/callback";

    [Fact]
    public async Task BuildAuthorizeUrl_HasCodeFlowParametersAndEncodedScopes()
    {
        await using var host = await LinkedInTestHost.StartAsync(s => s["LinkedIn:Scopes"] = "openid  profile w_member_social");

        var url = host.Client.BuildAuthorizeUrl("st/ate+1");

        Assert.StartsWith(host.Fake.AuthBaseUrl + "/authorization?", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("scope=openid%20profile%20w_member_social", url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("redirect_uri=" + Uri.EscapeDataString(Callback), url.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(url.Query);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal(host.Fake.ClientId, query["client_id"]);
        Assert.Equal(Callback, query["redirect_uri"]);
        Assert.Equal("st/ate+1", query["state"]);
        Assert.Equal("openid profile w_member_social", query["scope"]);
    }

    [Fact]
    public async Task Exchange_AfterConsent_ReturnsTokenWithExpiryFromTimeProviderAndAllScopes()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
        await using var host = await LinkedInTestHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(clock));
        host.Fake.TokenExpiresInSeconds = 5_183_999;

        var code = await ConsentAsync(host, "state-1");
        var result = await host.Client.ExchangeCodeAsync(code, CancellationToken.None);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(clock.GetUtcNow().AddSeconds(5_183_999), result.Token!.ExpiresAt);
        Assert.Equal(["openid", "profile", "w_member_social"], result.Token.Scopes);
        var member = await host.Client.GetMemberAsync(result.Token.AccessToken, CancellationToken.None);
        Assert.Equal("urn:li:person:fake-member-1", member.Value?.PersonUrn);
        host.Logs.AssertNoneContain(result.Token.AccessToken, code, host.Fake.ClientSecret);
    }

    [Fact]
    public async Task Exchange_WhenCodeIsUsedTwice_ExplainsWithoutSecretAndIsNotRetried()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var code = await ConsentAsync(host, "s");
        var first = await host.Client.ExchangeCodeAsync(code, CancellationToken.None);

        var second = await host.Client.ExchangeCodeAsync(code, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal("LinkedIn did not accept this sign-in because the link was already used or has expired.", second.Error);
        Assert.DoesNotContain(host.Fake.ClientSecret, second.Error, StringComparison.Ordinal);
        Assert.Equal(2, host.Fake.Requests.Count(r => r.Path == "/oauth/v2/accessToken"));
        host.Logs.AssertNoneContain(first.Token!.AccessToken, code, host.Fake.ClientSecret);
    }

    [Fact]
    public async Task Exchange_WhenClientSecretIsWrong_NamesTheSettingButNotTheSecret()
    {
        const string wrongSecret = "wrong-secret-4f1c2a";
        await using var host = await LinkedInTestHost.StartAsync(s => s["LinkedIn:ClientSecret"] = wrongSecret);
        var code = await ConsentAsync(host, "s");

        var result = await host.Client.ExchangeCodeAsync(code, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("LinkedIn:ClientSecret", result.Error, StringComparison.Ordinal);
        AssertNamesNoCommand(result.Error);
        Assert.DoesNotContain(wrongSecret, result.Error, StringComparison.Ordinal);
        host.Logs.AssertNoneContain(wrongSecret, code);
    }

    [Fact]
    public async Task Exchange_WhenLinkedInIsDown_SaysSoInsteadOfThrowing()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        await host.Fake.DisposeAsync();

        var result = await host.Client.ExchangeCodeAsync("some-code", CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Contains("could not be reached", result.Error, StringComparison.Ordinal);
        AssertNamesNoCommand(result.Error);
    }

    [Fact]
    public async Task Authorize_WhenUserCancels_RedirectsWithErrorAndState()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        host.Fake.FailNextAuthorization();

        var location = await FollowAuthorizeAsync(host, "state-9");

        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("user_cancelled_authorize", query["error"]);
        Assert.Equal("state-9", query["state"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task GetMember_WithLocaleObjectAndUnknownFields_ReturnsPersonUrnAndName_WithoutVersionHeader()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var token = host.Fake.IssueTokenFor("abc-123", "Grace Hopper");

        var member = await host.Client.GetMemberAsync(token, CancellationToken.None);

        Assert.True(member.Succeeded);
        Assert.Equal(new("urn:li:person:abc-123", "Grace Hopper"), member.Value);
        var request = Assert.Single(host.Fake.Requests, r => r.Path == "/v2/userinfo");
        Assert.Equal("Bearer " + token, request.Header("Authorization"));
        Assert.Null(request.Header("LinkedIn-Version"));
    }

    [Fact]
    public async Task GetMember_WithoutName_UsesGivenAndFamilyName()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var token = host.Fake.IssueTokenFor("no-name", null);

        var member = await host.Client.GetMemberAsync(token, CancellationToken.None);

        Assert.Equal("Grace Hopper", member.Value?.Name);
    }

    [Fact]
    public async Task Revoke_ThenUserInfo_IsLinkExpired()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var token = host.Fake.IssueTokenFor("m", "M");

        var revoked = await host.Client.RevokeAsync(token, CancellationToken.None);
        var member = await host.Client.GetMemberAsync(token, CancellationToken.None);

        Assert.True(revoked);
        Assert.True(host.Fake.IsRevoked(token));
        Assert.IsType<PublishOutcome.LinkExpired>(member.Failure);
        var revoke = Assert.Single(host.Fake.Requests, r => r.Path == "/oauth/v2/revoke");
        Assert.Contains("client_id=" + host.Fake.ClientId, revoke.Body, StringComparison.Ordinal);
        host.Logs.AssertNoneContain(token, host.Fake.ClientSecret);
    }

    [Fact]
    public async Task Revoke_WhenLinkedInIsDown_ReturnsFalseWithoutThrowing()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var token = host.Fake.IssueTokenFor("m", "M");
        await host.Fake.DisposeAsync();

        Assert.False(await host.Client.RevokeAsync(token, CancellationToken.None));
    }

    /// <summary>The client only says what went wrong: the platform's own link command is added by AccountLinking.</summary>
    private static void AssertNamesNoCommand(string? error)
    {
        Assert.NotNull(error);
        Assert.DoesNotContain("/", error, StringComparison.Ordinal);
        Assert.DoesNotContain("send", error, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<string> ConsentAsync(LinkedInTestHost host, string state)
    {
        var location = await FollowAuthorizeAsync(host, state);
        Assert.Equal(Callback, location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal(state, query["state"]);
        return query["code"].ToString();
    }

    /// <summary>Plays the browser: opens the authorize URL and returns where LinkedIn redirects.</summary>
    private static async Task<Uri> FollowAuthorizeAsync(LinkedInTestHost host, string state)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(host.Client.BuildAuthorizeUrl(state));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!;
    }
}
