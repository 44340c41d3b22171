using System.Net;
using System.Text;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary><c>Telegram:Mode=Webhook</c>: start-up checks, the secret header, body limits, acknowledging fast.</summary>
public sealed class TelegramWebhookTests
{
    private const string Secret = "webhook_Secret-123";

    private static Dictionary<string, string?> WebhookMode(string? secret = Secret) => new()
    {
        ["Telegram:Mode"] = "Webhook",
        ["Telegram:WebhookSecret"] = secret,
        ["Bot:PublicBaseUrl"] = "https://bot.example.com/",
    };

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces in it")]
    [InlineData("ümlaut")]
    public async Task StartUp_WithoutAValidWebhookSecret_FailsNamingTheSetting(string? secret)
    {
        await using var server = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();
        await using var app = Build(server, storage, WebhookMode(secret), null, out _, out _);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Telegram:WebhookSecret", error.Message, StringComparison.Ordinal);
        Assert.Empty(server.CallsTo("setWebhook"));
    }

    [Theory]
    [InlineData("Webhok")]
    [InlineData("2")]
    public async Task UnknownMode_StopsStartUpNamingTheSetting(string mode)
    {
        await using var server = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();

        await using var app = Build(server, storage, new Dictionary<string, string?> { ["Telegram:Mode"] = mode }, null, out _, out _);
        var error = Assert.Throws<OptionsValidationException>(app.ValidateConfiguration);

        Assert.Contains("Telegram:Mode must be Polling or Webhook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_RegistersTheWebhookWithItsSecret_AndNeverPolls()
    {
        await using var bot = await StartAsync(WebhookMode());

        var setWebhook = await bot.Server.WaitForCallAsync("setWebhook");
        Assert.Equal("https://bot.example.com/telegram/webhook", setWebhook.GetString("url"));
        Assert.Equal(Secret, setWebhook.GetString("secret_token"));
        // Edits of published posts and pressed buttons are asked for, or Telegram would not send them.
        Assert.Equal("""["message","edited_message","callback_query"]""", setWebhook.GetString("allowed_updates"));
        await bot.Server.WaitForCallAsync("setMyCommands");
        Assert.Empty(bot.Server.CallsTo("getUpdates"));
    }

    [Fact]
    public async Task Delivery_WithTheSecret_IsAcknowledgedAtOnce_AndAnsweredAfterwards()
    {
        await using var bot = await StartAsync(WebhookMode());
        bot.Core.Delay = TimeSpan.FromSeconds(2);
        var update = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/post Hello from a webhook");

        using var response = await PostAsync(bot, update.Update.ToJsonString(), Secret);

        // Acknowledged while the (slow) core is still at work: Telegram never waits on LinkedIn.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(bot.Core.Handled);
        Assert.Empty(bot.Server.CallsTo("sendMessage"));
        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal("Post: Hello from a webhook", reply.VisibleText);
        Assert.Equal(update.MessageId, reply.ReplyToMessageId);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-secret", HttpStatusCode.Forbidden)]
    [InlineData(Secret + "x", HttpStatusCode.Forbidden)]
    public async Task Delivery_WithoutTheRightSecret_IsRefused_AndNothingIsProcessed(string? secret, HttpStatusCode expected)
    {
        await using var bot = await StartAsync(WebhookMode());
        var forged = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/post forged");
        var genuine = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/post genuine");

        using var refused = await PostAsync(bot, forged.Update.ToJsonString(), secret);
        using var accepted = await PostAsync(bot, genuine.Update.ToJsonString(), Secret);

        Assert.Equal(expected, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);

        // Same chat, so had the forged one been queued it would have been handled first.
        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal("genuine", handled.Request.Text);
        Assert.Single(bot.Core.Handled);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("")]
    [InlineData("""{"update_id":5,"message":""")]
    public async Task BodyThatIsNotJson_IsABadRequest(string body)
    {
        await using var bot = await StartAsync(WebhookMode());

        using var response = await PostAsync(bot, body, Secret);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("[1,2,3]", null)]
    [InlineData("null", null)]
    [InlineData("""{"update_id":"x","message":{"date":"2026-01-01T00:00:00Z"}}""", null)]
    [InlineData("""{"update_id":41,"message":{"message_id":1,"date":1767225600,"chat":{"id":1001,"type":"private"},"text":"/post secret words","forward_origin":{"type":"carrier_pigeon","date":1767225600}}}""", 41)]
    [InlineData("""{"update_id":42,"message":{"message_id":1,"date":1767225600,"edit_date":99999999999999,"chat":{"id":1001,"type":"private"},"text":"/post secret words"}}""", 42)]
    [InlineData("""{"update_id":43,"message":{"message_id":1,"date":1767225600,"text":"/post secret words"}}""", null)]
    public async Task JsonThatCannotBeServed_IsAcknowledgedAndDropped_SoTelegramDoesNotRedeliverItForever(string body, int? loggedId)
    {
        await using var bot = await StartAsync(WebhookMode());
        var next = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/post next");

        using var response = await PostAsync(bot, body, Secret);
        using var nextResponse = await PostAsync(bot, next.Update.ToJsonString(), Secret);

        // 2xx: any other answer makes Telegram deliver the same unreadable body again, for about a day.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, nextResponse.StatusCode);
        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal("next", handled.Request.Text);
        await JobsEnded.WaitAsync(bot.App.Services);
        Assert.Single(bot.Core.Handled);
        if (loggedId is { } id)
        {
            Assert.Contains(bot.Logs.Lines, l => l.Contains($"Telegram update {id} could not be read", StringComparison.Ordinal));
        }

        bot.Logs.AssertNoneContain("secret words", Secret);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyOverOneMegabyte_IsRefusedAsTooLarge(bool announceLength)
    {
        await using var bot = await StartAsync(WebhookMode());
        var padding = new string(' ', 1024 * 1024);
        var body = Encoding.UTF8.GetBytes($$"""{"update_id":1,{{padding}}"message":null}""");
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.AppUrl, "/telegram/webhook"));
        request.Content = announceLength ? new ByteArrayContent(body) : new StreamContent(new UnknownLengthStream(body));
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RedeliveredUpdate_IsHandledOnce()
    {
        await using var bot = await StartAsync(WebhookMode());
        var update = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/status");
        var next = bot.Server.WebhookUpdate(AdaPrivate, Ada, "/help");

        using var first = await PostAsync(bot, update.Update.ToJsonString(), Secret);
        using var again = await PostAsync(bot, update.Update.ToJsonString(), Secret);
        using var third = await PostAsync(bot, next.Update.ToJsonString(), Secret);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var handled = await bot.Core.WaitForAsync(2);
        Assert.Equal([LinkedInBot.Core.Chat.ChatCommand.Status, LinkedInBot.Core.Chat.ChatCommand.Help], handled.Select(h => h.Request.Command));
        Assert.Equal(2, bot.Server.CountCalls("sendMessage"));
    }

    [Fact]
    public async Task WebhookEndpoint_DoesNotExistInPollingMode()
    {
        await using var bot = await StartAsync();

        using var response = await PostAsync(bot, "{}", Secret);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<HttpResponseMessage> PostAsync(TelegramBotHarness bot, string body, string? secret, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.AppUrl, "/telegram/webhook"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (secret is not null)
        {
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        }

        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Hides its length so HttpClient sends the body chunked, without Content-Length.</summary>
    private sealed class UnknownLengthStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
