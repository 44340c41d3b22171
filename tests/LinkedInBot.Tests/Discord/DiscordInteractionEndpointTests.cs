using System.Net;
using System.Text;
using LinkedInBot.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordInteractionEndpointTests
{
    // The reference's test vector (discord-interactions.md §1), signed with RFC 8032 TEST 1.
    private const string VectorPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private const string VectorTimestamp = "1700000000";
    private const string VectorBody = """{"application_id":"1000000000000000001","id":"1000000000000000002","token":"aW50ZXJhY3Rpb246MTAwMDAwMDAwMDAwMDAwMDAwMjp0ZXN0","type":1,"version":1}""";
    private const string VectorSignature = "d39d73ee5c35dfb8936594b9c73d447e3f4032df11cfb4e87d9fc60b43a3140885658e7b2a54d587a385066f7124bd5e27c0e524f88dbc3e77a3361d7cb64b04";

    // The vector was signed in November 2023: the bot's clock is set near it, or the timestamp is refused as stale.
    private static FakeTimeProvider VectorTime() => new(DateTimeOffset.FromUnixTimeSeconds(1700000000).AddMinutes(3));

    [Fact]
    public async Task Ping_WithReferenceTestVector_AnswersPong()
    {
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:PublicKey"] = VectorPublicKey, time: VectorTime());

        using var response = await host.SendRawAsync(Encoding.UTF8.GetBytes(VectorBody), VectorSignature, VectorTimestamp);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"type":1}""", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("body")]
    [InlineData("timestamp")]
    [InlineData("uppercase")]
    public async Task TestVector_WhenAnythingChanges_IsRejectedUnlessOnlyHexCase(string change)
    {
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:PublicKey"] = VectorPublicKey, time: VectorTime());
        var body = change == "body" ? VectorBody.Replace("\"version\":1", "\"version\":2", StringComparison.Ordinal) : VectorBody;
        var timestamp = change == "timestamp" ? "1700000001" : VectorTimestamp;
        var signature = change == "uppercase" ? VectorSignature.ToUpperInvariant() : VectorSignature;

        using var response = await host.SendRawAsync(Encoding.UTF8.GetBytes(body), signature, timestamp);

        Assert.Equal(change == "uppercase" ? HttpStatusCode.OK : HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Ping_SignedWithGeneratedKey_AnswersPongAndIgnoresUnknownFields()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var ping = DiscordPayloads.Ping();
        ping["brand_new_field"] = new System.Text.Json.Nodes.JsonArray(1, 2, 3);

        var json = await host.InteractAsync(ping);

        Assert.Equal("""{"type":1}""", json.ToJsonString());
    }

    [Theory]
    [InlineData("no signature")]
    [InlineData("no timestamp")]
    [InlineData("wrong signature")]
    [InlineData("tampered body")]
    [InlineData("wrong key")]
    [InlineData("bad hex")]
    [InlineData("short signature")]
    public async Task Interaction_WithBadSignature_Is401AndNeverReachesTheCore(string problem)
    {
        await using var host = await DiscordTestHost.StartAsync();
        using var otherKey = DiscordSigner.Create();
        var body = Encoding.UTF8.GetBytes(DiscordPayloads.Slash("status").ToJsonString());
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = host.Signer.Sign(timestamp, body);
        switch (problem)
        {
            case "no signature": signature = null!; break;
            case "no timestamp": timestamp = null!; break;
            case "wrong signature": signature = host.Signer.Sign(timestamp, Encoding.UTF8.GetBytes("{}")); break;
            case "tampered body": body = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).Replace("status", "unlink", StringComparison.Ordinal)); break;
            case "wrong key": signature = otherKey.Sign(timestamp, body); break;
            case "bad hex": signature = "zz" + signature[2..]; break;
            case "short signature": signature = signature[..126]; break;
        }

        using var response = await host.SendRawAsync(body, signature, timestamp);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Bot.Requests);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"id":"1","type":"ping"}""")]
    [InlineData("""{"id":"1","type":42,"token":"t"}""")]
    [InlineData("""{"type":1}""")]
    [InlineData("""{"id":null,"type":1}""")]
    [InlineData("""{"id":"1","type":2,"application_id":null,"token":"t","data":{"name":"linkedin"}}""")]
    [InlineData("""{"id":"1","type":2,"application_id":"5","data":{"name":"linkedin"}}""")]
    public async Task SignedBody_ThatIsNotAnInteraction_Is400(string body)
    {
        await using var host = await DiscordTestHost.StartAsync();

        using var response = await host.SendAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Body_OverTheLimit_Is413EvenWhenSigned()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var ping = DiscordPayloads.Ping();
        ping["padding"] = new string('x', 1024 * 1024);

        using var response = await host.SendAsync(ping);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Body_OverTheLimitWithBadSignature_IsRefusedWithoutProcessing()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var body = new byte[2 * 1024 * 1024];

        using var response = await host.SendRawAsync(body, new string('0', 128), "1700000000");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.DoesNotContain(host.Discord.Requests, r => !r.IsCdnDownload);
    }
}
