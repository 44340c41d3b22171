using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Discord;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using LinkedInBot.Tests.Telegram;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// Secrets never reach the logs, even with every log category turned up to Trace: whole link-and-post flows run
/// through the real host (BotApp.Build) against the fake LinkedIn (and fake Discord), and every captured entry —
/// message, exception and structured values — is searched for access tokens, the client secret, OAuth codes and
/// states, bot tokens and interaction tokens.
/// </summary>
public sealed class LogHygieneTests
{
    // LinkedIn redirects to Bot:PublicBaseUrl; the test forwards the browser's request to the real port.
    private const string PublicBaseUrl = "http://127.0.0.1:5999";

    private const string DiscordBotToken = "MTAwMDAwMDAwMDAwMDAwMDAwMQ.GhIjKl.discord-bot-token-secret-part-5f1e";

    private const string TelegramBotToken = "987654321:AAE-log-hygiene-telegram-token_9c8b7a";

    [Fact]
    public async Task LinkPostAndUnlink_AtTraceLevel_LogNoSecret()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        var logs = new CapturedLogs();
        var chat = new RecordingNotifier("test");
        await using var bot = await RunningBot.StartAsync(
            settings =>
            {
                settings["Bot:PublicBaseUrl"] = PublicBaseUrl;
                settings["LinkedIn:ClientId"] = linkedIn.ClientId;
                settings["LinkedIn:ClientSecret"] = linkedIn.ClientSecret;
                settings["LinkedIn:AuthBaseUrl"] = linkedIn.AuthBaseUrl;
                settings["LinkedIn:ApiBaseUrl"] = linkedIn.BaseUrl;
                settings["LinkedIn:Resilience:BaseDelay"] = "00:00:00.010";
                TraceEverything(settings);
            },
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
                builder.Services.AddSingleton<IChatNotifier>(chat);
            });
        var core = bot.App.Services.GetRequiredService<IChatBot>();
        var ada = new ChatAddress("test", "chat-1", "user-1");

        // /link → consent at LinkedIn → LinkedIn's redirect to the callback.
        var prompt = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m1", ChatCommand.Link)));
        var (state, code, linkCode) = await ConsentAsync(Assert.Single(prompt.Buttons).Url, bot);
        var linked = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m1b", ChatCommand.Link, linkCode)));
        Assert.StartsWith("Linked as", linked.Text, StringComparison.Ordinal);

        // A forged callback: its code and state must not be logged either.
        const string forgedCode = "forged-code-6d1f0c8e2b7a4c39";
        const string forgedState = "forged-state-9a8b7c6d5e4f3a2b1c0d";
        using var forged = await bot.Http.GetAsync($"/auth/linkedin/callback?code={forgedCode}&state={forgedState}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var published = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m2", ChatCommand.Post, "Hello from the log hygiene test")));
        Assert.Contains("Published on LinkedIn", published.Text, StringComparison.Ordinal);
        var unlinked = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m3", ChatCommand.Unlink)));
        Assert.Contains("Unlinked", unlinked.Text, StringComparison.Ordinal);
        var accessToken = AccessTokenUsed(linkedIn);
        Assert.True(linkedIn.IsRevoked(accessToken));

        AssertCapturedAtTrace(logs);
        AssertNotLogged(logs, ("access token", accessToken), ("client secret", linkedIn.ClientSecret), ("OAuth code", code),
            ("OAuth state", state), ("link code", linkCode), ("forged code", forgedCode), ("forged state", forgedState));
    }

    [Fact]
    public async Task DiscordLinkAndPost_AtTraceLevel_LogNoSecret()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var host = await DiscordTestHost.StartAsync(
            settings =>
            {
                settings["Discord:BotToken"] = DiscordBotToken;
                TraceEverything(settings);
            },
            linkedIn: linkedIn);
        await host.Discord.WaitForAsync(r => r.IsCommandRegistration);

        var link = DiscordPayloads.Slash("link");
        var prompt = await host.InteractAsync(link);
        var consentUrl = new Uri((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
        var (state, code, linkCode) = await ConsentAsync(consentUrl, forwardTo: null);
        var linked = await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = linkCode }]));
        Assert.Contains("Linked as", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
        var post = DiscordPayloads.Post("Hello from Discord, quietly");
        await host.InteractAsync(post);
        await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Single(linkedIn.Posts);

        AssertCapturedAtTrace(host.Logs);
        AssertNotLogged(host.Logs, ("Discord bot token", DiscordBotToken), ("interaction token of /link", Token(link)),
            ("interaction token of /post", Token(post)), ("access token", AccessTokenUsed(linkedIn)),
            ("client secret", linkedIn.ClientSecret), ("OAuth code", code), ("OAuth state", state), ("link code", linkCode));
    }

    [Fact]
    public async Task TelegramLinkAndPost_AtTraceLevel_LogNoSecret()
    {
        await using var telegram = await FakeTelegramServer.StartAsync(token: TelegramBotToken);
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: settings =>
        {
            settings["Telegram:BotToken"] = telegram.Token;
            settings["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
            TraceEverything(settings);
        });

        // /link in a group: the consent link goes to the private chat.
        telegram.UserSends(TelegramBotHarness.Team, TelegramBotHarness.Ada, "/link@" + telegram.BotUsername);
        var dm = await telegram.WaitForCallAsync("sendMessage", c => c.ChatId == TelegramBotHarness.Ada.Id);
        var (state, code, linkCode) = await ConsentAsync(new Uri(Assert.Single(dm.UrlButtons).Url), forwardTo: null);
        telegram.UserSends(TelegramBotHarness.AdaPrivate, TelegramBotHarness.Ada, "/start " + linkCode);
        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Linked as", StringComparison.Ordinal) == true);
        var post = telegram.UserSends(TelegramBotHarness.Team, TelegramBotHarness.Ada, "/post Hello from Telegram, quietly");
        await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId, TimeSpan.FromSeconds(15));
        Assert.Single(linkedIn.Posts);

        AssertCapturedAtTrace(bot.Logs);
        Assert.Contains(bot.Logs.Entries, l => l.Category.StartsWith("LinkedInBot.Telegram", StringComparison.Ordinal));
        AssertNotLogged(bot.Logs, ("Telegram bot token", telegram.Token), ("access token", AccessTokenUsed(linkedIn)),
            ("client secret", linkedIn.ClientSecret), ("OAuth code", code), ("OAuth state", state), ("link code", linkCode));
    }

    [Theory]
    [InlineData("Debug")]
    [InlineData("Trace")]
    public async Task SandboxLinkAndPost_AtEveryLevelForEveryCategory_LogNoSecret(string level)
    {
        // The sandbox is where the bot itself redirects to the callback (RedirectResult logs the target URL).
        var logs = new CapturedLogs();
        var port = FreePort.Next();
        await using var bot = await RunningBot.StartAsync(
            settings =>
            {
                settings["Urls"] = $"http://127.0.0.1:{port}";
                settings["Bot:PublicBaseUrl"] = $"http://127.0.0.1:{port}";
                settings["LinkedIn:ClientId"] = string.Empty;
                settings["Logging:Console:LogLevel:Default"] = level;
                settings["Logging:" + typeof(CapturedLogs).FullName + ":LogLevel:Default"] = level;
                settings["Logging:LogLevel:Microsoft.AspNetCore.Http.Result.RedirectResult"] = level;
                TraceEverything(settings, level);
            },
            builder =>
            {
                builder.Logging.AddProvider(logs);
                builder.Logging.SetMinimumLevel(LogLevel.Trace);
            });
        var core = bot.App.Services.GetRequiredService<IChatBot>();
        var ada = new ChatAddress("console", "console", "ada");

        var prompt = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m1", ChatCommand.Link)));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var redirect = await LinkedInBot.Tests.Sandbox.ConsentForm.SubmitAsync(browser, Assert.Single(prompt.Buttons).Url, "allow");
        using var callback = await browser.GetAsync(redirect);
        var linkCode = await LinkCodePage.CodeFromAsync(callback);
        Assert.StartsWith("Linked as", Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m2", ChatCommand.Link, linkCode))).Text, StringComparison.Ordinal);
        var published = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m3", ChatCommand.Post, "Hello from the sandbox, quietly")));
        Assert.Contains("Published", published.Text, StringComparison.Ordinal);

        var query = HttpUtility.ParseQueryString(redirect.Query);
        var link = await bot.App.Services.GetRequiredService<LinkedInBot.Core.Storage.IAccountLinkStore>().FindAsync(ada, CancellationToken.None);
        var sandbox = bot.App.Services.GetRequiredService<LinkedInBot.Sandbox.SandboxLinkedIn>();
        Assert.Contains(logs.Entries, l => l.Level == LogLevel.Debug && l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, l => l.Text.Contains("Published urn:li:share:", StringComparison.Ordinal));
        AssertNotLogged(logs, ("OAuth code", query["code"]!), ("OAuth state", query["state"]!), ("link code", linkCode),
            ("access token", link!.AccessToken), ("sandbox client secret", sandbox.ClientSecret));
    }

    /// <summary>
    /// Turns every category to Trace the way an operator would (configuration rules), including the ones the shipped
    /// appsettings.json holds down.
    /// </summary>
    private static void TraceEverything(Dictionary<string, string?> settings, string level = "Trace")
    {
        string[] categories =
        [
            "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.DataProtection",
            "Microsoft.AspNetCore.Http.Result", "Microsoft.Hosting.Lifetime", "System", "System.Net.Http.HttpClient", "Polly",
        ];
        foreach (var category in categories)
        {
            settings[$"Logging:LogLevel:{category}"] = level;
        }
    }

    /// <summary>Opens the consent URL (the fake signs in and redirects) and lands on the bot's callback page.</summary>
    /// <param name="forwardTo">The bot, when Bot:PublicBaseUrl is a placeholder: the callback goes to its real port.</param>
    private static async Task<(string State, string Code, string LinkCode)> ConsentAsync(Uri consentUrl, RunningBot? forwardTo)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(consentUrl);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var redirect = consent.Headers.Location!;
        using var callback = forwardTo is null
            ? await browser.GetAsync(redirect)
            : await forwardTo.Http.GetAsync(redirect.PathAndQuery);
        var linkCode = await LinkCodePage.CodeFromAsync(callback);
        var query = HttpUtility.ParseQueryString(redirect.Query);
        return (query["state"]!, query["code"]!, linkCode);
    }

    private static string AccessTokenUsed(FakeLinkedInServer linkedIn) =>
        linkedIn.Requests
            .Select(r => r.Header("Authorization"))
            .First(h => h is not null && h.StartsWith("Bearer ", StringComparison.Ordinal))!["Bearer ".Length..];

    private static string Token(JsonObject interaction) => (string)interaction["token"]!;

    /// <summary>The capture works and really ran at Trace: otherwise "nothing found" would prove nothing.</summary>
    private static void AssertCapturedAtTrace(CapturedLogs logs)
    {
        Assert.Contains(logs.Entries, l => l.Text.Contains("Published urn:li:share:", StringComparison.Ordinal));
        Assert.Contains(logs.Entries, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level <= LogLevel.Debug);
        Assert.Contains(logs.Entries, l => l.Category.StartsWith("LinkedInBot", StringComparison.Ordinal) && l.Level == LogLevel.Information);
    }

    private static void AssertNotLogged(CapturedLogs logs, params (string What, string Value)[] secrets)
    {
        var leaks = (
            from entry in logs.Entries
            from secret in secrets
            where secret.Value.Length > 0 && entry.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.What} in {entry.Level} {entry.Category}: {entry.Text}").ToList();

        Assert.True(leaks.Count == 0, "Secrets in the logs:\n" + string.Join('\n', leaks));
    }

    private static async Task<List<ChatReply>> SendAsync(IChatBot core, ChatRequest request)
    {
        var replies = new List<ChatReply>();
        await core.HandleAsync(request, (reply, _) =>
        {
            replies.Add(reply);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return replies;
    }
}
