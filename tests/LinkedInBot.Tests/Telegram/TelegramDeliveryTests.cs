using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>How updates flow in polling mode: ordering, parallelism, errors, shutdown, and what reaches the logs.</summary>
public sealed class TelegramDeliveryTests
{
    [Fact]
    public async Task SlowCore_KeepsOrderWithinAChat_AndServesOtherChatsMeanwhile()
    {
        await using var bot = await StartAsync();
        bot.Core.Delay = TimeSpan.FromMilliseconds(400);
        var others = Enumerable.Range(1, 3).Select(i => new FakeTelegramUser(2000 + i, $"User{i}")).ToList();

        bot.Server.UserSends(AdaPrivate, Ada, "/post a1");
        bot.Server.UserSends(AdaPrivate, Ada, "/post a2");
        bot.Server.UserSends(AdaPrivate, Ada, "/post a3");
        foreach (var user in others)
        {
            bot.Server.UserSends(FakeTelegramChat.Private(user), user, "/post from " + user.FirstName);
        }

        var handled = await bot.Core.WaitForAsync(6);
        var ada = handled.Where(h => h.Request.Address.ChatId == "1001").ToList();
        Assert.Equal(["a1", "a2", "a3"], ada.Select(h => h.Request.Text));
        Assert.True(ada[1].Started >= ada[0].Finished, "a2 started before a1 finished");
        Assert.True(ada[2].Started >= ada[1].Finished, "a3 started before a2 finished");
        Assert.All(handled.Except(ada), h => Assert.True(h.Started < ada[0].Finished, "another chat waited for Ada's first post"));
        Assert.True(bot.Core.MaxConcurrency >= 4, $"max concurrency {bot.Core.MaxConcurrency}");

        var replies = bot.Server.CallsTo("sendMessage").Where(c => c.ChatId == Ada.Id).Select(c => c.VisibleText);
        Assert.Equal(["Post: a1", "Post: a2", "Post: a3"], replies);
    }

    [Fact]
    public async Task ConcurrentChats_AreCappedByMaxConcurrentChats()
    {
        await using var bot = await StartAsync(new Dictionary<string, string?> { ["Bot:MaxConcurrentChats"] = "2" });
        bot.Core.Delay = TimeSpan.FromMilliseconds(200);

        for (var i = 0; i < 6; i++)
        {
            var user = new FakeTelegramUser(3000 + i, $"User{i}");
            bot.Server.UserSends(FakeTelegramChat.Private(user), user, "/status");
        }

        await bot.Core.WaitForAsync(6);
        Assert.Equal(2, bot.Core.MaxConcurrency);
    }

    [Theory]
    [InlineData(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")]
    [InlineData(502, "Bad Gateway")]
    public async Task FailingGetUpdates_BacksOff_InsteadOfAHotLoop_AndRecovers(int code, string description)
    {
        var server = await FakeTelegramServer.StartAsync();
        var failing = server.FailWhile("getUpdates", _ => true, code, description);
        await using var bot = await StartAsync(server: server, tune: o =>
        {
            o.PollErrorBackoff = TimeSpan.FromMilliseconds(250);
            o.MaxPollErrorBackoff = TimeSpan.FromSeconds(1);
        });
        await server.WaitForCallAsync("getUpdates");

        // Each failed poll is logged with the wait before the next one: 0.25 s, 0.5 s, 1 s, 1 s …, and no poll goes out
        // unlogged (the library's own receiver made thousands). Read from the log, not counted in a time window.
        string[] Waits() => [.. bot.Logs.Lines
            .Where(l => l.Contains("Telegram getUpdates failed", StringComparison.Ordinal))
            .Select(l => System.Text.RegularExpressions.Regex.Match(l, @"(?m)(?:^|; )Wait=([^;\r\n]+)").Groups[1].Value)];
        await Eventually.TrueAsync(() => Task.FromResult(Waits().Length >= 4), "four polls failed");
        var calls = server.CountCalls("getUpdates");
        var waits = Waits();
        Assert.Equal(["00:00:00.2500000", "00:00:00.5000000", "00:00:01", "00:00:01"], waits.Take(4));
        Assert.InRange(calls, waits.Length - 1, waits.Length + 1);

        // And each wait was kept: a poll never comes sooner than its wait after the one before (a lower bound: timers
        // never fire early, so this cannot flake on a slow machine).
        var polls = server.CallsTo("getUpdates");
        TimeSpan[] kept = [TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1)];
        for (var i = 0; i < kept.Length; i++)
        {
            Assert.True(polls[i + 1].At - polls[i].At >= kept[i] - TimeSpan.FromMilliseconds(20), $"poll {i + 2} came {polls[i + 1].At - polls[i].At} after the one before");
        }

        failing.Dispose();
        server.UserSends(AdaPrivate, Ada, "/status");
        await bot.Core.WaitForOneAsync();
    }

    [Theory]
    [InlineData("""{"forward_origin":{"type":"carrier_pigeon","date":1767225600}}""", true)]
    [InlineData("""{"edit_date":99999999999999}""", true)]
    [InlineData("""{"chat":null}""", false)]
    public async Task UnreadableUpdate_IsSkippedAndLogged_WhileTheChatsAroundItAreAnswered(string poison, bool unreadable)
    {
        var server = await FakeTelegramServer.StartAsync();
        await using var bot = await StartAsync(server: server);
        await server.WaitForCallAsync("getUpdates");
        var batch = server.TextUpdates([(AdaPrivate, Ada, "/post before"), (Team, Grace, "/post poisoned secret words"), (FakeTelegramChat.Private(Grace), Grace, "/post after")]);

        // A kind of object newer than this Telegram.Bot version (or a value it cannot take) in one message of the batch.
        var message = (System.Text.Json.Nodes.JsonObject)batch[1]["message"]!;
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse(poison)!.AsObject())
        {
            message[key] = value?.DeepClone();
        }

        server.EnqueueAll(batch);
        var poisonId = (int)batch[1]["update_id"]!;

        var handled = await bot.Core.WaitForAsync(2);
        Assert.Equal(["after", "before"], handled.Select(h => h.Request.Text).Order());
        await server.WaitForCallsAsync("sendMessage", 2);
        if (unreadable)
        {
            Assert.Contains(bot.Logs.Lines, l => l.Contains($"Telegram update {poisonId} ", StringComparison.Ordinal) && l.Contains("skipped", StringComparison.Ordinal));
        }

        bot.Logs.AssertNoneContain("poisoned secret words", server.Token);

        // Polling goes on past it: Telegram is told the poison update was received, and the next message is served.
        server.UserSends(AdaPrivate, Ada, "/post later");
        await bot.Core.WaitForAsync(3);
        Assert.Contains(server.CallsTo("getUpdates"), c => c.GetLong("offset") > poisonId);
        Assert.Equal(3, bot.Core.Handled.Count);
    }

    [Fact]
    public async Task WebhookLeftActive_PollingDeletesItAndCarriesOn()
    {
        var server = await FakeTelegramServer.StartAsync();
        await using var bot = await StartAsync(server: server, tune: o => o.PollErrorBackoff = TimeSpan.FromMilliseconds(100));
        await server.WaitForCallAsync("getUpdates");

        // Someone sets a webhook behind the bot's back (another deployment): getUpdates now answers 409.
        using (var http = new HttpClient())
        {
            (await http.PostAsync(new Uri(server.BaseUrl, $"/bot{server.Token}/setWebhook"), new StringContent("""{"url":"https://elsewhere.example/hook"}""", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        server.UserSends(AdaPrivate, Ada, "/status");

        await bot.Core.WaitForOneAsync();
        Assert.True(server.CountCalls("deleteWebhook") >= 2);
    }

    [Fact]
    public async Task Shutdown_LetsAnUpdateInFlightFinishAndAnswer()
    {
        var bot = await StartAsync(tune: o => o.TypingDelay = TimeSpan.Zero);
        try
        {
            bot.Core.Delay = TimeSpan.FromMilliseconds(700);
            bot.Server.UserSends(AdaPrivate, Ada, "/post last words");
            await bot.Server.WaitForCallAsync("sendChatAction");

            await bot.App.StopAsync();

            Assert.Single(bot.Core.Handled);
            Assert.Equal("Post: last words", Assert.Single(bot.Server.CallsTo("sendMessage")).VisibleText);
            Assert.Equal(0, bot.Server.PendingUpdateCount);
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }

    [Fact]
    public async Task Shutdown_CancelsWorkThatOutlastsTheGracePeriod()
    {
        var bot = await StartAsync(new Dictionary<string, string?> { ["Bot:ShutdownGracePeriod"] = "00:00:00.300" }, tune: o => o.TypingDelay = TimeSpan.Zero);
        try
        {
            bot.Core.Delay = TimeSpan.FromSeconds(30);
            bot.Server.UserSends(AdaPrivate, Ada, "/post forever");
            await bot.Server.WaitForCallAsync("sendChatAction");

            var stopping = System.Diagnostics.Stopwatch.StartNew();
            await bot.App.StopAsync();

            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"stop took {stopping.Elapsed}");
            Assert.Empty(bot.Core.Handled);
            Assert.Empty(bot.Server.CallsTo("sendMessage"));
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }

    [Fact]
    public async Task Shutdown_ConfirmsStoredUpdates_AndTheNextStartRunsTheCutOffOnesInOrder()
    {
        var server = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();
        var first = TelegramBotHarness.Build(server, storage, new Dictionary<string, string?> { ["Bot:ShutdownGracePeriod"] = "00:00:00.300" }, o => o.TypingDelay = TimeSpan.Zero, out var core, out _);
        await first.StartAsync();
        await server.WaitForCallAsync("getUpdates");
        core.Delay = TimeSpan.FromSeconds(30);

        // One batch: a1 runs (and outlasts the grace period), a2 and a3 wait behind it in the same chat.
        server.EnqueueAll(server.TextUpdates([(AdaPrivate, Ada, "/post a1"), (AdaPrivate, Ada, "/post a2"), (AdaPrivate, Ada, "/post a3")]));
        await server.WaitForCallAsync("sendChatAction");

        // a1 may start before a2 and a3 are stored (they would then come again, rightly): wait until all three are.
        await Eventually.TrueAsync(async () => await StoredJobsAsync(storage) == 3, "the batch is stored");
        await first.StopAsync();
        await first.DisposeAsync();

        // All three were stored before their offset moved on: Telegram has nothing to deliver again.
        Assert.Empty(core.Handled);
        Assert.Equal(0, server.PendingUpdateCount);

        var second = TelegramBotHarness.Build(server, storage, null, null, out var nextCore, out _);
        await second.StartAsync();
        try
        {
            var handled = await nextCore.WaitForAsync(3);
            Assert.Equal(["a1", "a2", "a3"], handled.Select(h => h.Request.Text));
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
            await server.DisposeAsync();
        }
    }

    private static async Task<long> StoredJobsAsync(TempDirectory storage)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={storage.DatabaseFile};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM chat_jobs";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task SlowTelegram_TimedOutReplyIsSentAgain_AndTheTimeoutLogsCarryNoToken()
    {
        var server = await FakeTelegramServer.StartAsync();
        await using var bot = await StartAsync(server: server, tune: o => o.ApiTimeout = TimeSpan.FromMilliseconds(300));
        await server.WaitForCallAsync("getUpdates");
        server.Latency = TimeSpan.FromSeconds(1);

        server.UserSends(AdaPrivate, Ada, "/status");
        // The second attempt shows that the first timed out (after ApiTimeout); the next ones are answered at once.
        await server.WaitForCallCountAsync("sendMessage", 2);
        server.Latency = TimeSpan.Zero;

        await bot.Core.WaitForOneAsync();

        Assert.True(server.CountCalls("sendMessage") >= 2);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("Sending a reply to Telegram chat", StringComparison.Ordinal));
        Assert.Contains(bot.Logs.Lines, l => l.Contains("OnTimeout", StringComparison.Ordinal));
        bot.Logs.AssertNoneContain(server.Token, server.Token[(server.Token.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public async Task AnswerBodyThatStalls_OnSendMessage_TimesOut_AndTheReplyIsSentAgain()
    {
        var server = await FakeTelegramServer.StartAsync();
        await using var bot = await StartAsync(server: server, tune: o => o.ApiTimeout = TimeSpan.FromMilliseconds(300));
        server.StallNextAnswer("sendMessage");

        server.UserSends(AdaPrivate, Ada, "/status");

        // Headers arrive in time, the body never ends: without a bound on the whole answer the chat waits forever.
        var attempts = await server.WaitForCallsAsync("sendMessage", 2);
        Assert.Equal(attempts[0].Text, attempts[1].Text);
        await bot.Core.WaitForOneAsync();
    }

    [Fact]
    public async Task Logs_NeverContainTheBotToken_WhenTelegramCallsFail()
    {
        var server = await FakeTelegramServer.StartAsync();
        server.FailNext("getMe", 500, "Internal Server Error");
        server.FailNext("getUpdates", 502, "Bad Gateway");
        server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        using var blocked = server.ForbidPrivateChat(Grace.Id);
        await using var bot = await StartAsync(server: server, tune: o => o.PollErrorBackoff = TimeSpan.FromMilliseconds(100));
        bot.Core.Reply = r => r.Command == ChatCommand.Link
            ? new ChatReply("link", [new LinkButton("Connect LinkedIn", new Uri("https://www.linkedin.com/oauth/v2/authorization?state=x"))], ReplyVisibility.Secret)
            : ChatReply.Info("ok");

        server.UserSends(AdaPrivate, Ada, "/status");
        server.UserSends(Team, Grace, "/link");
        server.UserSends(FakeTelegramChat.Private(Grace), Grace, "/status");
        await bot.Core.WaitForAsync(3, TimeSpan.FromSeconds(15));

        // And Telegram vanishing altogether: connection refused on the long poll, logged like any failed poll.
        static int FailedPolls(CapturedLogs logs) => logs.Lines.Count(l => l.Contains("getUpdates failed", StringComparison.Ordinal));
        var failedBefore = FailedPolls(bot.Logs);
        await server.DisposeAsync();
        await Eventually.TrueAsync(() => Task.FromResult(FailedPolls(bot.Logs) > failedBefore), "the refused poll is logged");

        var lines = bot.Logs.Lines;
        Assert.Contains(lines, l => l.Contains("getUpdates failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Bot API error 429", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Bot API error 403", StringComparison.Ordinal));
        bot.Logs.AssertNoneContain(server.Token, server.Token[(server.Token.IndexOf(':', StringComparison.Ordinal) + 1)..]);
    }
}
