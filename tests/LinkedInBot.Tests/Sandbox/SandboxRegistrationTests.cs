using System.Net;
using LinkedInBot.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Sandbox;

public sealed class SandboxRegistrationTests
{
    [Fact]
    public async Task WithoutClientId_PointsTheLinkedInClientAtTheSandbox()
    {
        await using var server = await SandboxServer.StartAsync(b => b.Services.AddOptions<LinkedInOptions>().BindConfiguration(LinkedInOptions.Section));

        var options = server.Services.GetRequiredService<IOptions<LinkedInOptions>>().Value;

        Assert.True(options.IsSandbox);
        Assert.Equal(server.BaseUrl + "/sandbox/linkedin/oauth/v2", options.AuthBaseUrl);
        Assert.Equal(server.BaseUrl + "/sandbox/linkedin", options.ApiBaseUrl);
    }

    [Fact]
    public async Task WithAClientId_LeavesLinkedInAloneAndServesNoSandbox()
    {
        await using var server = await SandboxServer.StartAsync(b =>
        {
            b.Configuration["LinkedIn:ClientId"] = "real-app";
            b.Services.AddOptions<LinkedInOptions>().BindConfiguration(LinkedInOptions.Section);
        });

        var options = server.Services.GetRequiredService<IOptions<LinkedInOptions>>().Value;
        using var feed = await server.Client.GetAsync("/sandbox/feed");
        using var consent = await server.Client.GetAsync("/sandbox/linkedin/oauth/v2/authorization");

        Assert.Equal("https://www.linkedin.com/oauth/v2", options.AuthBaseUrl);
        Assert.Equal("https://api.linkedin.com", options.ApiBaseUrl);
        Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, consent.StatusCode);
    }
}
