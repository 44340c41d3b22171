using System.Net;
using LinkedInBot.Tests.Fakes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInLogHygieneTests
{
    [Fact]
    public async Task EveryPath_LogsNeitherTokensNorTheClientSecretNorTheCode()
    {
        await using var host = await LinkedInTestHost.StartAsync(s => s["LinkedIn:ApiVersion"] = "202404");
        var client = host.Client;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var redirect = await browser.GetAsync(client.BuildAuthorizeUrl("state"));
        var code = QueryHelpers.ParseQuery(redirect.Headers.Location!.Query)["code"].ToString();

        var token = (await client.ExchangeCodeAsync(code, CancellationToken.None)).Token!.AccessToken;
        await client.ExchangeCodeAsync(code, CancellationToken.None);
        var author = (await client.GetMemberAsync(token, CancellationToken.None)).Value!.PersonUrn;
        await client.CreatePostAsync(token, author, "retired version", null, CancellationToken.None);
        await client.UploadImageAsync(token, author, new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, CancellationToken.None);
        await client.DeletePostAsync(token, "urn:li:share:1", CancellationToken.None);
        await client.RevokeAsync(token, CancellationToken.None);
        await client.CreatePostAsync(token, author, "revoked", null, CancellationToken.None);
        await client.GetMemberAsync("not-a-token", CancellationToken.None);

        Assert.Contains(host.Logs.Entries, e => e.Level >= LogLevel.Warning);
        host.Logs.AssertNoneContain(token, code, host.Fake.ClientSecret);
    }

    [Fact]
    public async Task RetriesAndFailures_LogNoToken()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.EnqueueCreateAnswer(429, FakeLinkedInBodies.Throttled);
        host.Fake.EnqueueCreateExecutedThenFailed((int)HttpStatusCode.BadGateway);
        host.Fake.EnqueueCreateAnswer(403, FakeLinkedInBodies.AccessDenied);

        await host.Client.CreatePostAsync(token, author, "a", null, CancellationToken.None);
        await host.Client.CreatePostAsync(token, author, "b", null, CancellationToken.None);

        Assert.NotEmpty(host.Logs.Entries);
        host.Logs.AssertNoneContain(token, host.Fake.ClientSecret);
    }
}
