using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordOptionsTests
{
    private const string ValidKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    [Theory]
    [InlineData("1000000000000000001", null, "Discord:PublicKey is missing")]
    [InlineData(null, ValidKey, "Discord:ApplicationId is missing")]
    [InlineData("1000000000000000001", "not-hex-at-all", "Discord:PublicKey must be the 64 hexadecimal characters")]
    [InlineData("1000000000000000001", "d75a980182b10ab7", "Discord:PublicKey must be the 64 hexadecimal characters")]
    [InlineData("my-bot", ValidKey, "Discord:ApplicationId must be the numeric")]
    public async Task Startup_WithIncompleteDiscordSettings_FailsNamingTheKey(string? applicationId, string? publicKey, string expected)
    {
        await using var app = BotApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Discord:ApplicationId"] = applicationId,
            ["Discord:PublicKey"] = publicKey,
        }));

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Single(failure.Failures);
    }

    [Fact]
    public async Task Startup_WithoutDiscordSettings_RunsWithoutTheEndpoint()
    {
        await using var app = BotApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
        }));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using var response = await client.PostAsync("/discord/interactions", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }
}
