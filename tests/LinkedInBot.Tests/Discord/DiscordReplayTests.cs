using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Discord;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Discord;

/// <summary>Issue 15 §2: a captured, validly signed interaction sent again does nothing the second time.</summary>
public sealed class DiscordReplayTests
{
    [Fact]
    public async Task Interaction_SentAgain_IsAnsweredWithoutReachingTheCore()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => new ChatReply("Open this link …", [new LinkButton("Connect LinkedIn", new Uri("https://linkedin.example/authorize"))], ReplyVisibility.Secret);
        var body = DiscordPayloads.Slash("link").ToJsonString();

        var first = JsonNode.Parse(await (await host.SendAsync(body)).Content.ReadAsStringAsync())!;
        var replay = JsonNode.Parse(await (await host.SendAsync(body)).Content.ReadAsStringAsync())!;

        Assert.Contains("Open this link", (string)first["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Single(host.Bot.Requests);
        Assert.Equal(64, (int)replay["data"]!["flags"]!);
        Assert.Contains("already handled", (string)replay["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Null(replay["data"]!["components"]);
    }

    [Fact]
    public async Task Interaction_ReplayedAfterARestart_IsStillRecognised()
    {
        var folder = new TempDirectory();
        var body = Encoding.UTF8.GetBytes(DiscordPayloads.Slash("status").ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string Seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
        string signature;
        Action<Dictionary<string, string?>> sameDatabase = settings =>
        {
            settings["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}";
            settings["Storage:KeysDirectory"] = folder.KeysDirectory;
        };
        try
        {
            await using (var first = await DiscordTestHost.StartAsync(sameDatabase, DiscordSigner.FromSeedHex(Seed)))
            {
                signature = first.Signer.Sign(timestamp, body);
                Assert.Equal(HttpStatusCode.OK, (await first.SendRawAsync(body, signature, timestamp)).StatusCode);
                await first.Bot.NextAsync();
            }

            // The very bytes captured on the wire, sent to the restarted bot.
            await using var second = await DiscordTestHost.StartAsync(sameDatabase, DiscordSigner.FromSeedHex(Seed));
            var replay = JsonNode.Parse(await (await second.SendRawAsync(body, signature, timestamp)).Content.ReadAsStringAsync())!;

            Assert.Contains("already handled", (string)replay["data"]!["content"]!, StringComparison.Ordinal);
            Assert.Empty(second.Bot.Requests);
        }
        finally
        {
            folder.Dispose();
        }
    }

    [Theory]
    [InlineData(-61)]
    [InlineData(61)]
    public async Task Interaction_WithATimestampMoreThanAnHourOff_IsRefused(int minutes)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(DiscordPayloads.Slash("status").ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(minutes).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.SendRawAsync(bytes, host.Signer.Sign(timestamp, bytes), timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Requests);
    }

    [Theory]
    [InlineData(-59)]
    [InlineData(59)]
    public async Task Interaction_WithClockSkewUnderAnHour_IsServed(int minutes)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var bytes = Encoding.UTF8.GetBytes(DiscordPayloads.Slash("status").ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.AddMinutes(minutes).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var response = await host.SendRawAsync(bytes, host.Signer.Sign(timestamp, bytes), timestamp);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await host.Bot.NextAsync();
    }

    [Fact]
    public async Task HandledIds_AreForgottenAfterFifteenMinutes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await DiscordTestHost.StartAsync(time: time);
        var store = host.App.Services.GetRequiredService<LinkedInBot.Core.Storage.IHandledRequestStore>();

        Assert.True(await store.TryMarkHandledAsync("discord:1", time.GetUtcNow(), DiscordReplayGuard.Retention, CancellationToken.None));
        time.Advance(DiscordReplayGuard.Retention - TimeSpan.FromSeconds(1));
        Assert.False(await store.TryMarkHandledAsync("discord:1", time.GetUtcNow(), DiscordReplayGuard.Retention, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.True(await store.TryMarkHandledAsync("discord:2", time.GetUtcNow(), DiscordReplayGuard.Retention, CancellationToken.None));

        await using var connection = await host.App.Services.GetRequiredService<LinkedInBot.Core.Storage.SqliteDatabase>().OpenAsync(CancellationToken.None);
        Assert.Equal(1L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM handled_requests"));
    }
}
