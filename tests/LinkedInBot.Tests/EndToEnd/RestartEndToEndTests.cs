using System.Globalization;
using System.Net;
using System.Text;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using LinkedInBot.Tests.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>The whole bot (the real core, Telegram in webhook mode) killed in the middle of a post, then started again.</summary>
public sealed class RestartEndToEndTests
{
    private const string Secret = "restart_secret";

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task KilledWhileCreatingAPost_TheRestartTakesItsChatAtOnce_SaysItIsChecking_AndPublishesItOnce(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();

        // A lease far longer than the test: the restart must not wait for the dead run's leases to expire.
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = Secret,
            ["Bot:PublicBaseUrl"] = "https://bot.example.com/",
            ["Bot:LeaseTimeout"] = "00:10:00",
            ["Bot:ShutdownGracePeriod"] = "00:00:00",
            // Longer than killing the first run takes on a loaded machine: its attempt must still be at LinkedIn then.
            ["LinkedIn:Resilience:AttemptTimeout"] = "00:00:08",
        };
        string? schema = null;
        if (provider == StorageProvider.PostgreSQL)
        {
            (settings["Storage:ConnectionString"], schema) = await PostgresServer.CreateSchemaAsync();
            settings["Storage:Provider"] = nameof(StorageProvider.PostgreSQL);
        }

        try
        {
            var user = new FakeTelegramUser(4242, "Ada");
            var kill = new KillSwitch();
            var firstRun = TelegramBotHarness.Build(telegram, storage, settings, null, out _, out _, linkedIn, services => services.Decorate(kill));
            await firstRun.StartAsync();
            var token = linkedIn.IssueTokenFor("sub-ada", "Ada Lovelace");
            var now = DateTimeOffset.UtcNow;
            var address = new ChatAddress(TelegramAdapter.Platform, "4242", "4242");
            await firstRun.Services.GetRequiredService<IAccountLinkStore>().SaveAsync(
                new AccountLink(address, "urn:li:person:sub-ada", "Ada Lovelace", token, now.AddDays(60), ["w_member_social"], now, now), default);

            // The create reaches LinkedIn and is still running there when the process dies: it renews and releases
            // nothing more, and its call to LinkedIn ends with it.
            linkedIn.CreateLatency = TimeSpan.FromSeconds(30);
            await DeliverAsync(firstRun, telegram, user, "/post survives a kill");
            await Eventually.TrueAsync(() => Task.FromResult(linkedIn.CreateAttempts == 1), "the create is at LinkedIn");
            kill.Kill();
            await firstRun.StopAsync();
            await firstRun.DisposeAsync();
            linkedIn.CreateLatency = TimeSpan.Zero;

            var secondRun = TelegramBotHarness.Build(telegram, storage, settings, null, out _, out var logs, linkedIn);
            await secondRun.StartAsync();
            try
            {
                // First that the post is being checked, then, once the attempt that was in flight has surely ended,
                // the post: made by the second create (LinkedIn's duplicate check would have named a first one).
                try
                {
                    await Eventually.TrueAsync(() => Task.FromResult(telegram.CountCalls("sendMessage") >= 2), "the restart answers", TimeSpan.FromSeconds(60));
                }
                catch (Xunit.Sdk.FailException)
                {
                    throw new Xunit.Sdk.XunitException("The restart did not answer. Its log:\n" + string.Join('\n', logs.Lines.TakeLast(40)));
                }
                var replies = telegram.CallsTo("sendMessage").Select(call => call.Text).ToList();
                Assert.Equal(OutcomeReplies.CheckingCutOffPost, replies[0]);
                var post = Assert.Single(linkedIn.Posts);
                Assert.Equal("survives a kill", post.Commentary);
                Assert.Contains(post.Urn, replies[1], StringComparison.Ordinal);
                Assert.Contains(logs.Lines, line => line.Contains("Took over the chats of an earlier run", StringComparison.Ordinal));
                await JobsEnded.WaitAsync(secondRun.Services);
                Assert.Equal(2, telegram.CountCalls("sendMessage"));
            }
            finally
            {
                await secondRun.StopAsync();
                await secondRun.DisposeAsync();
            }
        }
        finally
        {
            if (schema is not null)
            {
                await PostgresServer.DropSchemaAsync(schema);
            }
        }
    }

    private static async Task DeliverAsync(WebApplication app, FakeTelegramServer telegram, FakeTelegramUser user, string text)
    {
        using var http = new HttpClient();
        var update = telegram.WebhookUpdate(FakeTelegramChat.Private(user), user, text);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(app.Urls.First()), "/telegram/webhook"))
        {
            Content = new StringContent(update.Update.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
