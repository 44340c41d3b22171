using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// Conversations through the real Telegram.Bot client, the fake Bot API and polling mode, with the requests stored as
/// jobs on SQLite; <see cref="TelegramConversationTestsOnPostgreSQL"/> runs them all again on PostgreSQL.
/// </summary>
public class TelegramConversationTests
{
    private string? schema;

    protected virtual LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.Sqlite;

    // Shadows the harness's StartAsync (class members win over "using static"), adding the provider's settings.
    private async Task<TelegramBotHarness> StartAsync(
        IDictionary<string, string?>? settings = null, Action<TelegramOptions>? tune = null, FakeTelegramServer? server = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (Provider == LinkedInBot.Core.StorageProvider.PostgreSQL)
        {
            (var connectionString, schema) = await PostgresServer.CreateSchemaAsync();
            all["Storage:Provider"] = nameof(LinkedInBot.Core.StorageProvider.PostgreSQL);
            all["Storage:ConnectionString"] = connectionString;
        }

        var harness = await TelegramBotHarness.StartAsync(all, tune, server, services);
        if (schema is { } created)
        {
            harness.AfterDispose = () => PostgresServer.DropSchemaAsync(created);
        }

        return harness;
    }

    [StoreFact]
    public async Task StartUp_InPollingMode_RegistersTheCommandMenuAndRemovesAnyWebhook()
    {
        await using var bot = await StartAsync();

        var commands = await bot.Server.WaitForCallAsync("setMyCommands");
        var registered = commands.GetObject("commands")!.Value.EnumerateArray()
            .Select(c => (c.GetProperty("command").GetString(), c.GetProperty("description").GetString()));
        Assert.Equal(ChatCommandParser.Menu.Where(m => !ChatCommandParser.PageCommands.Contains(m.Name)).Select(m => ((string?)m.Name, (string?)m.Description)), registered);
        await bot.Server.WaitForCallAsync("deleteWebhook");
        await bot.Server.WaitForCallAsync("getUpdates");
    }

    [StoreFact]
    public async Task Post_WithATextLink_WritesTheHiddenUrlAfterItsWords_SoTheCardAndReadersGetIt()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSendsWithLinks(AdaPrivate, Ada, "/post Read our 🚀 release notes today", [("release notes", "https://example.org/notes")]);

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal(ChatCommand.Post, handled.Request.Command);
        Assert.Equal("Read our 🚀 release notes (https://example.org/notes) today", handled.Request.Text);
    }

    [StoreFact]
    public async Task Post_WithALinkTypedWithoutAScheme_GetsHttps_SoTheCardAndReadersGetIt()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSendsWithLinks(
            AdaPrivate, Ada, "/post Read example.org/page, www.example.net and https://example.com/x today", [], urls: ["example.org/page", "www.example.net", "https://example.com/x"]);

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal("Read https://example.org/page, https://www.example.net and https://example.com/x today", handled.Request.Text);
        Assert.Equal(new Uri("https://example.org/page"), LinkedInBot.Core.LinkPreview.LinkUrls.FindFirst(handled.Request.Text));
    }

    [StoreFact]
    public async Task Post_WithTheLinkPreviewTurnedOff_AsksForNoCard()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSendsWithLinks(AdaPrivate, Ada, "/post See https://example.org/a", [], previewDisabled: true);

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal("--no-card See https://example.org/a", handled.Request.Text);
    }

    [StoreFact]
    public async Task PlainText_InPrivateChat_IsAnsweredWithHelp()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSends(AdaPrivate, Ada, "hello, what can you do?");

        Assert.Equal(ChatCommand.Help, (await bot.Core.WaitForOneAsync()).Request.Command);
    }

    [StoreFact]
    public async Task PlainText_ForwardedInBulk_IsAnsweredWithHelpOnce_UntilTheIntervalHasPassed()
    {
        // The mapper's clock, and only its clock, is the test's.
        var time = new FakeTimeProvider();
        await using var bot = await StartAsync(
            tune: o => o.UnrecognizedMessageHelpInterval = TimeSpan.FromSeconds(2),
            services: s => s.AddSingleton(p => new TelegramRequestMapper(p.GetRequiredService<TelegramFiles>(), time, p.GetRequiredService<IOptions<TelegramOptions>>())));

        for (var i = 0; i < 5; i++)
        {
            bot.Server.UserSends(AdaPrivate, Ada, $"forwarded message {i}");
        }

        bot.Server.UserSends(AdaPrivate, Ada, "/status");
        var first = await bot.Core.WaitForAsync(2);

        // One help for the five, and the command after them is served as usual.
        Assert.Equal([ChatCommand.Help, ChatCommand.Status], first.Select(h => h.Request.Command));
        await bot.Server.WaitForCallCountAsync("sendMessage", 2);

        // Still within the interval: no help. The command after it is handled only once the message was read (in order).
        time.Advance(TimeSpan.FromSeconds(1.9));
        bot.Server.UserSends(AdaPrivate, Ada, "still forwarding");
        bot.Server.UserSends(AdaPrivate, Ada, "/status");
        Assert.Equal(ChatCommand.Status, (await bot.Core.WaitForAsync(3))[2].Request.Command);

        time.Advance(TimeSpan.FromSeconds(0.2));
        bot.Server.UserSends(AdaPrivate, Ada, "and one more");

        var later = await bot.Core.WaitForAsync(4);
        Assert.Equal(ChatCommand.Help, later[3].Request.Command);
        Assert.Equal(4, bot.Core.Handled.Count);
    }

    [StoreFact]
    public async Task Post_SentAsReplyToAMessage_PublishesThatMessagesTextUnderThePostMessageId()
    {
        await using var bot = await StartAsync();
        var original = bot.Server.EarlierMessage(Team, Grace, text: "Our team shipped v2 today 🎉");

        var post = bot.Server.UserSends(Team, Ada, "/post", replyTo: original);

        var request = (await bot.Core.WaitForOneAsync()).Request;
        Assert.Equal(ChatCommand.Post, request.Command);
        Assert.Equal("Our team shipped v2 today 🎉", request.Text);
        Assert.Equal(post.MessageId.ToString(), request.MessageId);
        Assert.Equal("1001", request.Address.UserId);
        Assert.True(request.IsGroupChat);
    }

    [StoreFact]
    public async Task Post_SentAsReplyToAPhoto_PublishesItsCaptionAndLargestPhoto()
    {
        await using var bot = await StartAsync();
        bot.Core.ReadImages = true;
        var picture = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 };
        var original = bot.Server.EarlierMessage(AdaPrivate, Ada, photoSizes: bot.Server.AddPhotoSizes(picture), caption: "Conference badge");

        bot.Server.UserSends(AdaPrivate, Ada, "/post", replyTo: original);

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal("Conference badge", handled.Request.Text);
        Assert.Equal(picture, handled.Image);
    }

    [StoreFact]
    public async Task PhotoCaptionedPost_PublishesTheLargestPhotoSizeViaGetFile()
    {
        await using var bot = await StartAsync();
        bot.Core.ReadImages = true;
        var picture = Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray();
        var sizes = bot.Server.AddPhotoSizes(picture);

        bot.Server.UserSendsPhoto(AdaPrivate, Ada, sizes, caption: "/post Look at this view");

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal(ChatCommand.Post, handled.Request.Command);
        Assert.Equal("Look at this view", handled.Request.Text);
        Assert.Equal(picture.Length, handled.Request.Image!.DeclaredLength);
        Assert.Equal(picture, handled.Image);
        var getFile = Assert.Single(bot.Server.CallsTo("getFile"));
        Assert.Equal((string?)sizes[^1]!["file_id"], getFile.GetString("file_id"));
    }

    [StoreFact]
    public async Task PhotoDownloadThatStalls_EndsAsADownloadError_NotAHang()
    {
        await using var bot = await StartAsync(tune: o => o.DownloadTimeout = TimeSpan.FromMilliseconds(500));
        bot.Core.ReadImages = true;
        var sizes = bot.Server.AddPhotoSizes(Enumerable.Range(0, 50_000).Select(i => (byte)i).ToArray());
        bot.Server.StallNextAnswer(FakeTelegramServer.FileDownload);

        bot.Server.UserSendsPhoto(AdaPrivate, Ada, sizes, caption: "/post Stuck");

        // An IOException is what the core answers with "The image could not be downloaded from the chat. Send it again."
        var handled = await bot.Core.WaitForOneAsync();
        Assert.IsType<IOException>(handled.ImageError);
        Assert.Equal(1, bot.Server.DownloadCount);
    }

    [StoreFact]
    public async Task PhotoOver20MB_IsRefusedBeforeAnyDownload()
    {
        await using var bot = await StartAsync();
        bot.Core.ReadImages = true;
        var sizes = bot.Server.AddPhotoSizes([1, 2, 3], declaredSize: 25L * 1024 * 1024);

        bot.Server.UserSendsPhoto(AdaPrivate, Ada, sizes, caption: "/post Too big");

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal(25L * 1024 * 1024, handled.Request.Image!.DeclaredLength);
        Assert.Equal(ChatImageProblem.TooLarge, Assert.IsType<ChatImageUnavailableException>(handled.ImageError).Problem);
        Assert.Empty(bot.Server.CallsTo("getFile"));
        Assert.Equal(0, bot.Server.DownloadCount);
    }

    [StoreFact]
    public async Task GroupCommands_AddressedToThisBotOrNobody_AreHandled_OthersIgnored()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSends(Team, Ada, "/post@LinkedInTestBot one");
        bot.Server.UserSends(Team, Ada, "/post@SomeOtherBot two");
        bot.Server.UserSends(Team, Ada, "just chatting");
        bot.Server.UserSends(Team, Ada, "/post three");
        bot.Server.UserSends(Team, Ada, "/status@linkedintestbot");

        var handled = await bot.Core.WaitForAsync(3);
        Assert.Equal(["one", "three", ""], handled.Select(h => h.Request.Text));
        Assert.All(handled, h => Assert.True(h.Request.IsGroupChat));
        Assert.All(handled, h => Assert.Equal("-1001234567890", h.Request.Address.ChatId));

        // Updates of one chat run in order, so by the time /status was answered the others had been passed over.
        Assert.Equal(3, bot.Core.Handled.Count);
    }

    [StoreFact]
    public async Task Link_InAGroup_SendsTheSecretLinkPrivately_AndOnlyANoticeToTheGroup()
    {
        await using var bot = await StartAsync();
        var secret = new Uri("https://www.linkedin.com/oauth/v2/authorization?state=SECRET-STATE");
        bot.Core.Reply = _ => new ChatReply("Open this link to connect LinkedIn.", [new LinkButton("Connect LinkedIn", secret)], ReplyVisibility.Secret);

        var command = bot.Server.UserSends(Team, Ada, "/link@LinkedInTestBot");

        var request = (await bot.Core.WaitForOneAsync()).Request;
        Assert.Equal("pm", request.Address.ReplyContext);
        var replies = await bot.Server.WaitForCallsAsync("sendMessage", 2);
        var dm = Assert.Single(replies, r => r.ChatId == Ada.Id);
        Assert.Equal([("Connect LinkedIn", secret.AbsoluteUri)], dm.UrlButtons);
        var notice = Assert.Single(replies, r => r.ChatId == Team.Id);
        Assert.Equal(TelegramReplySender.SentPrivatelyText, notice.VisibleText);
        Assert.Equal(command.MessageId, notice.ReplyToMessageId);
        Assert.DoesNotContain("SECRET-STATE", notice.ToString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Link_InAGroup_WhenTheBotCannotWriteToTheUser_OffersThePrivateChatButtonInstead()
    {
        await using var bot = await StartAsync();
        using var neverStarted = bot.Server.ForbidPrivateChat(Ada.Id);
        bot.Core.Reply = _ => new ChatReply(
            "Open this link to connect LinkedIn.",
            [new LinkButton("Connect LinkedIn", new Uri("https://www.linkedin.com/oauth/v2/authorization?state=SECRET-STATE"))],
            ReplyVisibility.Secret);

        bot.Server.UserSends(Team, Ada, "/link");

        var groupReply = await bot.Server.WaitForCallAsync("sendMessage", c => c.ChatId == Team.Id);
        Assert.Equal([(TelegramReplySender.OpenPrivateChatLabel, "https://t.me/LinkedInTestBot?start=link")], groupReply.UrlButtons);
        Assert.All(bot.Server.CallsTo("sendMessage").Where(c => c.ChatId == Team.Id), c => Assert.DoesNotContain("SECRET-STATE", c.ToString(), StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task SecretReply_InAPrivateChat_GoesToThatChat()
    {
        await using var bot = await StartAsync();
        bot.Core.Reply = _ => new ChatReply("Connect:", [new LinkButton("Connect LinkedIn", new Uri("https://www.linkedin.com/oauth/v2/authorization?state=S"))], ReplyVisibility.Secret);

        bot.Server.UserSends(AdaPrivate, Ada, "/link");

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal(Ada.Id, reply.ChatId);
        Assert.Single(reply.UrlButtons);
    }

    [StoreFact]
    public async Task PublishedReply_ShowsAnOpenOnLinkedInUrlButton()
    {
        await using var bot = await StartAsync();
        var url = new Uri("https://www.linkedin.com/feed/update/urn:li:share:7000000000000000001/");
        bot.Core.Reply = _ => new ChatReply("Published on LinkedIn.", [new LinkButton("Open on LinkedIn", url)], ReplyVisibility.Public);

        bot.Server.UserSends(Team, Ada, "/post Hello");

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal(Team.Id, reply.ChatId);
        Assert.Equal([("Open on LinkedIn", url.AbsoluteUri)], reply.UrlButtons);
    }

    [StoreFact]
    public async Task SlowPost_ShowsTypingWhileItIsBeingPublished()
    {
        await using var bot = await StartAsync();
        bot.Core.Delay = TimeSpan.FromMilliseconds(900);

        bot.Server.UserSends(AdaPrivate, Ada, "/post Slow LinkedIn");

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        var typing = Assert.Single(bot.Server.CallsTo("sendChatAction"));
        Assert.Equal(Ada.Id, typing.ChatId);
        Assert.Equal("typing", typing.GetString("action"));
        Assert.True(typing.At <= reply.At);
    }

    [StoreFact]
    public async Task QuickPost_IsAnsweredWithoutATypingFlicker()
    {
        await using var bot = await StartAsync();

        bot.Server.UserSends(AdaPrivate, Ada, "/post Fast LinkedIn");
        await bot.Server.WaitForCallAsync("sendMessage");

        // A real wait past TypingDelay (0.5 s): the notifier's typing timer runs on the host's clock (shared with the
        // lease and the job runner, so not a fake one here), and a timer that wrongly survives the reply sends no signal.
        await Task.Delay(TimeSpan.FromMilliseconds(600));

        Assert.Empty(bot.Server.CallsTo("sendChatAction"));
    }

    [StoreFact]
    public async Task UserTextFullOfMarkup_IsEchoedExactly_WithoutParseErrors()
    {
        await using var bot = await StartAsync();
        const string Nasty = "<b>Tom & \"Jerry\"</b> <script>alert('x')</script> &amp; 5 < 6 > 4 &#x41; <a href=\"x\">";

        bot.Server.UserSends(AdaPrivate, Ada, "/post " + Nasty);

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal("Post: " + Nasty, reply.VisibleText);
        Assert.Equal("html", reply.ParseMode, ignoreCase: true);
        Assert.Single(bot.Server.CallsTo("sendMessage"));
    }

    [StoreFact]
    public async Task VeryLongReply_IsCutToTelegramsLimit()
    {
        await using var bot = await StartAsync();
        bot.Core.Reply = _ => ChatReply.Info(string.Concat(Enumerable.Repeat("<&> ", 3000)));

        bot.Server.UserSends(AdaPrivate, Ada, "/status");

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal(TelegramText.MaxMessageLength, reply.VisibleText!.Length);
        Assert.EndsWith("…", reply.VisibleText, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task TooManyRequests_OnSendMessage_WaitsRetryAfter_AndStillDeliversTheReply()
    {
        await using var bot = await StartAsync();
        bot.Server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);

        bot.Server.UserSends(AdaPrivate, Ada, "/post Hello");

        var attempts = await bot.Server.WaitForCallsAsync("sendMessage", 2, timeout: TimeSpan.FromSeconds(15));
        Assert.Equal(attempts[0].Text, attempts[1].Text);
        Assert.True(attempts[1].At - attempts[0].At >= TimeSpan.FromSeconds(0.9), $"resent after {attempts[1].At - attempts[0].At}");
        await bot.Core.WaitForOneAsync();
    }

    [StoreFact]
    public async Task TooManyRequests_MoreTimesThanTheRetryBudget_StillDeliversTheReply()
    {
        await using var bot = await StartAsync();

        // Flood control for longer than six attempts: a 429 is Telegram saying when, not a failure, so it spends
        // none of them (the budget is for errors without a named wait).
        bot.Server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1, times: 7);

        bot.Server.UserSends(AdaPrivate, Ada, "/post Hello");

        var attempts = await bot.Server.WaitForCallsAsync("sendMessage", 8, timeout: TimeSpan.FromSeconds(20));
        Assert.Single(attempts.Select(a => a.Text).Distinct());
        await bot.Core.WaitForOneAsync();
        Assert.DoesNotContain(bot.Logs.Lines, l => l.Contains("Could not answer Telegram update", StringComparison.Ordinal));
    }

    [StoreFact]
    public async Task ServerErrors_OnSendMessage_EndTheAttemptAfterSixTries_With429sInBetweenNotCounted_AndTheJobIsTriedAgain()
    {
        await using var bot = await StartAsync();
        bot.Server.FailNext("sendMessage", 429, "Too Many Requests: retry after 1", retryAfter: 1);
        var down = bot.Server.FailWhile("sendMessage", _ => true, 502, "Bad Gateway");

        bot.Server.UserSends(AdaPrivate, Ada, "/status");

        await Eventually.TrueAsync(
            () => Task.FromResult(bot.Logs.Lines.Any(l => l.Contains("attempt 1 of 5", StringComparison.Ordinal))),
            "the first attempt is given up");
        Assert.Equal(7, bot.Server.CountCalls("sendMessage"));

        // Telegram recovers: the job's next attempt delivers the reply.
        down.Dispose();
        await Eventually.TrueAsync(() => Task.FromResult(bot.Server.CountCalls("sendMessage") > 7), "the reply is sent again");
        await bot.Core.WaitForOneAsync();
    }

    [StoreFact]
    public async Task ButtonTelegramRefuses_ReplyIsResentAsPlainTextWithTheUrl()
    {
        await using var bot = await StartAsync();
        bot.Server.RejectLocalButtonUrls = true;
        bot.Core.Reply = _ => new ChatReply("Connect your account:", [new LinkButton("Connect LinkedIn", new Uri("http://localhost:5080/sandbox/linkedin/authorize?state=x"))], ReplyVisibility.Secret);

        bot.Server.UserSends(AdaPrivate, Ada, "/link");

        var attempts = await bot.Server.WaitForCallsAsync("sendMessage", 2);
        Assert.Empty(attempts[1].UrlButtons);
        Assert.Null(attempts[1].ParseMode);
        Assert.Equal("Connect your account:\nConnect LinkedIn: http://localhost:5080/sandbox/linkedin/authorize?state=x", attempts[1].VisibleText);
    }

    [StoreFact]
    public async Task AnonymousGroupAdmin_IsNotServed()
    {
        await using var bot = await StartAsync();
        var anonymous = bot.Server.EarlierMessage(Team, new FakeTelegramUser(1087968824, "Group", "GroupAnonymousBot"), text: "/link");
        anonymous.Message["sender_chat"] = new JsonObject { ["id"] = Team.Id, ["type"] = "supergroup", ["title"] = "Team" };
        bot.Server.Enqueue(new JsonObject { ["message"] = anonymous.Message.DeepClone() });

        bot.Server.UserSends(Team, Ada, "/status");

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal(ChatCommand.Status, handled.Request.Command);
        Assert.Single(bot.Core.Handled);
    }
}

/// <summary>The same conversations with the bot's database on PostgreSQL.</summary>
public sealed class TelegramConversationTestsOnPostgreSQL : TelegramConversationTests, IRunsOnPostgreSQL
{
    protected override LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.PostgreSQL;
}

/// <summary>Each command reaches the core, and its reply quotes it.</summary>
public sealed class TelegramCommandTests
{
    [Theory]
    [InlineData("/start", ChatCommand.Start, "")]
    [InlineData("/start link", ChatCommand.Start, "link")]
    [InlineData("/help", ChatCommand.Help, "")]
    [InlineData("/link", ChatCommand.Link, "")]
    [InlineData("/post Hello LinkedIn!\nSecond line", ChatCommand.Post, "Hello LinkedIn!\nSecond line")]
    [InlineData("/unlink", ChatCommand.Unlink, "")]
    [InlineData("/status", ChatCommand.Status, "")]
    public async Task Command_InPrivateChat_ReachesTheCoreAndTheReplyQuotesIt(string text, ChatCommand command, string argument)
    {
        await using var bot = await StartAsync();

        var sent = bot.Server.UserSends(AdaPrivate, Ada, text);

        var request = (await bot.Core.WaitForOneAsync()).Request;
        Assert.Equal(command, request.Command);
        Assert.Equal(argument, request.Text);
        Assert.Equal(new ChatAddress("telegram", "1001", "1001", $"m:{sent.MessageId}"), request.Address);
        Assert.Equal(sent.MessageId.ToString(), request.MessageId);
        Assert.Equal("Ada Lovelace", request.DisplayName);
        Assert.False(request.IsGroupChat);
        Assert.Null(request.Image);

        var reply = await bot.Server.WaitForCallAsync("sendMessage");
        Assert.Equal(1001, reply.ChatId);
        Assert.Equal($"{command}: {argument}", reply.VisibleText);
        Assert.Equal(sent.MessageId, reply.ReplyToMessageId);
        Assert.True(reply.AllowSendingWithoutReply);
    }
}
