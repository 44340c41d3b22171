using System.Net;
using System.Web;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// Secrets never reach the logs, even with every log category turned up to Trace: a whole link-and-post flow runs
/// through the real host (BotApp.Build) against the fake LinkedIn, and every captured line is searched for the
/// access token, the client secret, the OAuth code and state.
/// </summary>
public sealed class LogHygieneTests
{
    // LinkedIn redirects to Bot:PublicBaseUrl; the test forwards the browser's request to the real port.
    private const string PublicBaseUrl = "http://127.0.0.1:5999";

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
        var consentUrl = Assert.Single(prompt.Buttons).Url;
        var state = HttpUtility.ParseQueryString(consentUrl.Query)["state"]!;
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(consentUrl);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var redirect = consent.Headers.Location!;
        var code = HttpUtility.ParseQueryString(redirect.Query)["code"]!;
        using var callback = await bot.Http.GetAsync(redirect.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, callback.StatusCode);
        await chat.WaitForAsync(1);

        // A forged callback: its code and state must not be logged either.
        const string forgedCode = "forged-code-6d1f0c8e2b7a4c39";
        const string forgedState = "forged-state-9a8b7c6d5e4f3a2b1c0d";
        using var forged = await bot.Http.GetAsync($"/auth/linkedin/callback?code={forgedCode}&state={forgedState}");
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var published = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m2", ChatCommand.Post, "Hello from the log hygiene test")));
        Assert.Contains("Published on LinkedIn", published.Text, StringComparison.Ordinal);
        var unlinked = Assert.Single(await SendAsync(core, new ChatRequest(ada, "Ada", "m3", ChatCommand.Unlink)));
        Assert.Contains("Unlinked", unlinked.Text, StringComparison.Ordinal);

        var accessToken = linkedIn.Requests
            .Select(r => r.Header("Authorization"))
            .First(h => h is not null && h.StartsWith("Bearer ", StringComparison.Ordinal))!["Bearer ".Length..];
        Assert.True(linkedIn.IsRevoked(accessToken));

        // The capture works and really ran at Trace: otherwise "nothing found" would prove nothing.
        Assert.Contains(logs.Lines, l => l.Text.Contains("Published urn:li:share:", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == LogLevel.Trace || l.Level == LogLevel.Debug);
        Assert.Contains(logs.Lines, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && l.Level <= LogLevel.Debug);

        AssertNotLogged(logs, ("access token", accessToken), ("client secret", linkedIn.ClientSecret), ("OAuth code", code),
            ("OAuth state", state), ("forged code", forgedCode), ("forged state", forgedState));
    }

    /// <summary>
    /// Turns every category to Trace the way an operator would (configuration rules), including the ones the shipped
    /// appsettings.json holds down.
    /// </summary>
    private static void TraceEverything(Dictionary<string, string?> settings)
    {
        foreach (var category in new[] { "Default", "Microsoft", "Microsoft.AspNetCore", "Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.Hosting.Lifetime", "System", "System.Net.Http.HttpClient", "Polly" })
        {
            settings[$"Logging:LogLevel:{category}"] = "Trace";
        }
    }

    private static void AssertNotLogged(CapturedLogs logs, params (string What, string Value)[] secrets)
    {
        var leaks = (
            from line in logs.Lines
            from secret in secrets
            where secret.Value.Length > 0 && line.Text.Contains(secret.Value, StringComparison.Ordinal)
            select $"{secret.What} in {line.Level} {line.Category}: {line.Text}").ToList();

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
