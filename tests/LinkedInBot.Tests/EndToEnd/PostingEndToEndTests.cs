using System.Net;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>The posting core's promises, checked through the real host against a fake LinkedIn over HTTP.</summary>
public sealed class PostingEndToEndTests
{
    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_ThroughTheRealCallback_ShowsACode_AndTheCodeFromTheChatStoresTheAccount(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada <Lovelace>");
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);

        var (status, html) = await bot.SignInThroughBrowserAsync("ada");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("You signed in to LinkedIn as Ada &lt;Lovelace&gt;", html, StringComparison.Ordinal);
        var code = LinkCodePage.CodeFrom(html);
        Assert.Contains("Send: /link " + code, html, StringComparison.Ordinal);
        Assert.DoesNotContain("t.me", html, StringComparison.Ordinal);
        Assert.Contains("No LinkedIn account is linked", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);

        var reply = Assert.Single(await bot.SendAsync("ada", "/link " + code));

        Assert.Contains("Linked as Ada <Lovelace>", reply.Text, StringComparison.Ordinal);
        var status2 = Assert.Single(await bot.SendAsync("ada", "/status"));
        Assert.Contains("in 59 days", status2.Text, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_OpenedBySomeoneElse_NeverLinksTheirAccount_AndTheirCodeIsRefused(StorageProvider provider)
    {
        // Ada forwards her /link URL to Bea, who is signed in to LinkedIn: LinkedIn's consent goes through as Bea.
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("bea-sub", "Bea Example");
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        var (status, html) = await bot.SignInThroughBrowserAsync("ada");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("No LinkedIn account is linked", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);

        var refused = Assert.Single(await bot.SendAsync("bea", "/link " + LinkCodePage.CodeFrom(html)));

        Assert.True(refused.IsError);
        Assert.Contains("No LinkedIn account is linked", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);
        Assert.Contains("No LinkedIn account is linked", Assert.Single(await bot.SendAsync("bea", "/status")).Text, StringComparison.Ordinal);
        var (to, notice) = Assert.Single(await bot.Notifier.WaitForAsync(1));
        Assert.Equal("ada", to.UserId);
        Assert.Contains("Someone else's LinkedIn account (Bea Example)", notice.Text, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => Task.FromResult(linkedIn.Requests.Any(r => r.Path == "/oauth/v2/revoke")), "the discarded token is revoked at LinkedIn");
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_WhenTheBrowserGivesUpWhileTheCodeIsExchanged_StillCompletesTheSignIn(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.ExchangeLatency = TimeSpan.FromSeconds(1);
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        var reply = Assert.Single(await bot.SendAsync("ada", "/link"));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(reply.Buttons[0].Url);

        // The user closes the page while LinkedIn is still exchanging the (single-use) code.
        using var closed = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => browser.GetAsync(consent.Headers.Location!, closed.Token));

        // The exchange is not cut off with the page: the sign-in is stored and waits for its code (which the closed
        // page would have shown, so the user asks for a new link).
        var database = bot.App.Services.GetRequiredService<IStorageDatabase>();
        await Eventually.TrueAsync(
            async () =>
            {
                await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
                return await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM pending_links WHERE user_id = 'ada'") == 1;
            },
            "the sign-in is stored as a pending link");
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/accessToken");
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_WhenTheUserCancelsOnLinkedIn_ShowsACancelledPageAndTellsTheChat(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.FailNextAuthorization("user_cancelled_authorize");
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);

        var (status, html) = await bot.SignInThroughBrowserAsync("ada");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Linking cancelled", html, StringComparison.Ordinal);
        Assert.Contains("cancelled", Assert.Single(await bot.Notifier.WaitForAsync(1)).Reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/oauth/v2/accessToken");
    }

    [Theory]
    [InlineData("?state=forged&code=abc")]
    [InlineData("?code=abc")]
    [InlineData("?state=&code=abc")]
    public async Task Callback_WithAForgedOrMissingState_Answers400WithoutTokenExchange(string query)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(bot.BaseUrl, "/auth/linkedin/callback" + query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid or expired", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/oauth/v2/accessToken");
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Callback_QueryNeverReachesTheLogs_EvenWithRequestLoggingTurnedUpPerProvider(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider, configure: settings =>
        {
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:" + typeof(CapturedLogs).FullName + ":LogLevel:Default"] = "Trace";
        });
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(bot.BaseUrl, "/auth/linkedin/callback?state=state-not-for-logs&code=code-not-for-logs"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(bot.Logs.Entries, e => e.Text.Contains("/auth/linkedin/callback", StringComparison.Ordinal));
        bot.Logs.AssertNoneContain("state-not-for-logs", "code-not-for-logs");
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Callback_Replayed_IsRefusedTheSecondTime_AndPointsToTheChat(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        var reply = Assert.Single(await bot.SendAsync("ada", "/link"));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(reply.Buttons[0].Url);
        var callback = consent.Headers.Location!;

        using var first = await browser.GetAsync(callback);
        using var replay = await browser.GetAsync(callback);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
        Assert.Contains("use the code it showed", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/accessToken");
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Post_WithEveryReservedCharacter_IsPublishedSoItReadsExactlyAsTyped(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");
        const string text = "Launch (beta) | {json} @team [draft] <b> a\\b *bold* _it_ ~x~ #1 issue and #dotnet #CSharp rocks";

        var reply = Assert.Single(await bot.SendAsync("ada", "/post " + text));

        Assert.False(reply.IsError, reply.Text);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal(text, post.RenderedText);
        Assert.False(post.Truncated);
        Assert.Contains("dotnet", post.Hashtags);
        Assert.Contains("CSharp", post.Hashtags);
        Assert.Contains(post.Urn, reply.Text, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Post_After429_IsRetriedAndPublishedOnce(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");
        linkedIn.EnqueueCreateAnswer(429, FakeLinkedInBodies.Throttled);

        var reply = Assert.Single(await bot.SendAsync("ada", "/post hello after a throttle"));

        Assert.False(reply.IsError, reply.Text);
        Assert.Equal(2, linkedIn.CreateAttempts);
        Assert.Single(linkedIn.Posts);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public Task Post_WhenLinkedInAnswers500AfterCreatingIt_IsSettledByTheBot_WithTheOriginalUrl(StorageProvider provider) =>
        SettlesAnAmbiguousCreateAsync(provider, linkedInHadCreatedIt: true);

    [Fact]
    public Task Post_WhenLinkedInAnswers500WithoutCreatingIt_IsSettledByTheBot_WithTheNewPostsUrl() =>
        SettlesAnAmbiguousCreateAsync(StorageProvider.Sqlite, linkedInHadCreatedIt: false);

    private static async Task SettlesAnAmbiguousCreateAsync(StorageProvider provider, bool linkedInHadCreatedIt)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:01", provider: provider);
        await bot.LinkAsync("ada");
        if (linkedInHadCreatedIt)
        {
            linkedIn.EnqueueCreateExecutedThenFailed(500);
        }
        else
        {
            linkedIn.EnqueueCreateAnswer(500, FakeLinkedInBodies.ServerError);
        }

        // Not repeated by the HTTP client (it may have run); sent once more by the bot after the attempt has surely
        // ended: LinkedIn's duplicate check names the first post, or the second create makes it.
        var reply = Assert.Single(await bot.SendAsync("ada", "/post an ambiguous failure"));

        var post = Assert.Single(linkedIn.Posts);
        Assert.False(reply.IsError, reply.Text);
        Assert.Contains($"https://www.linkedin.com/feed/update/{post.Urn}/", reply.Text, StringComparison.Ordinal);
        Assert.Equal(2, linkedIn.CreateAttempts);

        // LinkedIn named the first create's post: this message's own, not one the user had published before.
        Assert.StartsWith("Published on LinkedIn", reply.Text, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Post_WithAnExpiredToken_AsksToLinkAgain(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");
        var token = linkedIn.Requests.Last(r => r.Path == "/v2/userinfo").Header("Authorization")!["Bearer ".Length..];
        linkedIn.ExpireToken(token);

        var reply = Assert.Single(await bot.SendAsync("ada", "/post too late"));

        Assert.True(reply.IsError);
        Assert.Contains("Send /link to reconnect", reply.Text, StringComparison.Ordinal);
        Assert.Empty(linkedIn.Posts);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Post_WithARetiredApiVersion_TellsTheUserAndLogsTheSettingForTheOperator(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.RetireVersion("202610");
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");

        var reply = Assert.Single(await bot.SendAsync("ada", "/post hello"));

        Assert.True(reply.IsError);
        Assert.Contains("retired", reply.Text, StringComparison.Ordinal);
        Assert.Contains(bot.Logs.Entries, l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error && l.Text.Contains("LinkedIn:ApiVersion", StringComparison.Ordinal));
        Assert.Empty(linkedIn.Posts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Post_RecordedButNotPublishedBeforeACrash_IsResumedAtStartIntoOnePostAndOneReply(bool linkedInHadCreatedIt)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        using var folder = new TempDirectory();
        var address = BotUnderTest.Address("ada");
        await using (var firstRun = await BotUnderTest.StartAsync(linkedIn, folder))
        {
            await firstRun.LinkAsync("ada");
            if (linkedInHadCreatedIt)
            {
                // The create reached LinkedIn, then the process died before writing the outcome.
                Assert.False(Assert.Single(await firstRun.SendAsync("ada", "/post resumed after a crash", messageId: "other")).IsError);
            }

            // The crash, half a minute ago (within 5 minutes): the ledger has the request, nothing else happened.
            var ledger = firstRun.App.Services.GetRequiredService<IPostLedger>();
            await ledger.BeginAsync(address, "crashed-1", "resumed after a crash", null, DateTimeOffset.UtcNow.AddSeconds(-30), CancellationToken.None);
        }

        // The restart waits until the attempt the crashed run might have had in flight has surely ended (AttemptTimeout, shortened).
        await using var secondRun = await BotUnderTest.StartAsync(linkedIn, folder, s =>
        {
            s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:00.500";
            s["LinkedIn:Resilience:TotalTimeout"] = "00:00:01";
        });

        // First that the post is being checked, then its URL.
        var replies = await secondRun.Notifier.WaitForAsync(2);
        Assert.All(replies, r => Assert.Equal(address.UserId, r.Address.UserId));
        Assert.Equal(Core.Posting.OutcomeReplies.CheckingCutOffPost, replies[0].Reply.Text);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Contains(post.Urn, replies[1].Reply.Text, StringComparison.Ordinal);
        var ledgerAfter = secondRun.App.Services.GetRequiredService<IPostLedger>();
        await Eventually.TrueAsync(async () => (await ledgerAfter.GetUnfinishedAsync(CancellationToken.None)).Count == 0, "the resumed reply is recorded");
        await JobsEnded.WaitAsync(secondRun.App.Services);
        Assert.Equal(2, secondRun.Notifier.Sent.Count);
    }

    [Fact]
    public async Task Database_AfterLinkAndPost_HoldsNoTokenInPlainText()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        using var folder = new TempDirectory();
        string token;
        await using (var bot = await BotUnderTest.StartAsync(linkedIn, folder))
        {
            await bot.LinkAsync("ada");
            token = linkedIn.Requests.Last(r => r.Path == "/v2/userinfo").Header("Authorization")!["Bearer ".Length..];
            Assert.False(Assert.Single(await bot.SendAsync("ada", "/post hello")).IsError);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder.Path, "bot.db*"))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(token)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(System.Text.Encoding.Unicode.GetBytes(token)));
        }
    }
}
