using System.Net;
using LinkedInBot.Tests.Support;
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
        using var folder = new TempDirectory();
        await using var app = BotApp.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(Settings(folder))
        {
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
        using var folder = new TempDirectory();
        var settings = Settings(folder);
        await using var app = BotApp.Build([], builder => builder.Configuration.AddInMemoryCollection(settings));
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(settings["Urls"]!) };

        using var response = await client.PostAsync("/discord/interactions", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await app.StopAsync();
    }

    private static Dictionary<string, string?> Settings(TempDirectory folder)
    {
        var port = FreePort.Next();
        return new()
        {
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["Bot:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
            ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
            ["Storage:KeysDirectory"] = folder.KeysDirectory,
            ["Console:Enabled"] = "false",
        };
    }
}
