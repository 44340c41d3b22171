using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// Issue 13 through the real bot between a fake Telegram and a fake LinkedIn: the Delete button with its confirmation, a
/// stranger's press, /delete and /edit as replies, editing the /post message, /posts.
/// </summary>
public sealed class TelegramPostControlTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(15);

    /// <summary>Ada links in her private chat and publishes <paramref name="post"/> from <paramref name="chat"/>.</summary>
    private static async Task<(Conversation Setup, FakeTelegramMessage Command, FakeTelegramMessage Published)> PublishedAsync(string post = "/post Hello from Telegram", FakeTelegramChat? chat = null)
    {
        var conversation = await Conversation.OnTelegramAsync();
        await conversation.LinkAsync();
        var command = await conversation.Send(post, chat);
        await conversation.ExpectReply(r => r.ReplyTo == command!.MessageId, Slow);
        return (conversation, command!, await conversation.Telegram.WaitForBotMessageAsync(m => FakeTelegramServer.TextOf(m)?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true));
    }

    [Fact]
    public async Task DeleteButton_AsksToConfirm_YesDeletesAtLinkedIn_AndTheMessageSaysSo()
    {
        var (setup, _, published) = await PublishedAsync();
        await using var _ = setup;
        var telegram = setup.Telegram;

        var (label, data) = Assert.Single(FakeTelegramServer.ButtonsOf(published));
        Assert.Equal("Delete", label);
        telegram.UserPresses(Ada, published, data);

        var ask = await telegram.WaitForCallAsync("editMessageText", timeout: Slow);
        Assert.StartsWith("Delete this post from LinkedIn?", ask.VisibleText, StringComparison.Ordinal);
        Assert.Equal(["Yes, delete", "Keep"], ask.CallbackButtons.Select(b => b.Text));
        await telegram.WaitForCallAsync("answerCallbackQuery");
        Assert.False(Assert.Single(setup.LinkedIn.Posts).Deleted);

        var confirmation = await telegram.WaitForBotMessageAsync(m => m.MessageId == published.MessageId && FakeTelegramServer.TextOf(m)!.StartsWith("Delete this post", StringComparison.Ordinal));
        var yes = FakeTelegramServer.ButtonsOf(confirmation)[0].Data;
        telegram.UserPresses(Ada, confirmation, yes);
        telegram.UserPresses(Ada, confirmation, yes);

        var done = await telegram.WaitForCallAsync("editMessageText", c => c.VisibleText?.StartsWith("Deleted from LinkedIn", StringComparison.Ordinal) == true, Slow);
        Assert.Empty(done.CallbackButtons);
        Assert.True(Assert.Single(setup.LinkedIn.Posts).Deleted);
        await telegram.WaitForCallCountAsync("answerCallbackQuery", 3);
        await Eventually.TrueAsync(() => Task.FromResult(telegram.CountCalls("editMessageText") == 3), "the second Yes is answered too");
        Assert.Equal(1, setup.LinkedIn.Requests.Count(r => r.Method == "DELETE"));
    }

    [Fact]
    public async Task DeleteButton_PressedBySomeoneElse_IsRefusedInTheCallbackAnswer_AndNothingChanges()
    {
        var (setup, _, published) = await PublishedAsync(chat: Team);
        await using var _ = setup;
        var telegram = setup.Telegram;

        telegram.UserPresses(Grace, published, FakeTelegramServer.ButtonsOf(published)[0].Data);

        var answer = await telegram.WaitForCallAsync("answerCallbackQuery", timeout: Slow);
        Assert.Equal("Only the person who published this post can change it.", answer.GetString("text"));
        Assert.Equal(0, telegram.CountCalls("editMessageText"));
        Assert.False(Assert.Single(setup.LinkedIn.Posts).Deleted);
    }

    [Fact]
    public async Task DeleteCommand_AsReplyToThePublishedMessage_DeletesAtOnce()
    {
        var (setup, _, published) = await PublishedAsync(chat: Team);
        await using var _ = setup;
        var telegram = setup.Telegram;

        var delete = telegram.UserSends(Team, Ada, "/delete", replyTo: published);

        var reply = await setup.ExpectReply(r => r.ReplyTo == delete.MessageId, Slow);
        Assert.StartsWith("Deleted from LinkedIn", reply.Text, StringComparison.Ordinal);
        Assert.True(Assert.Single(setup.LinkedIn.Posts).Deleted);
    }

    [Fact]
    public async Task EditingThePostMessage_UpdatesTheTextAtLinkedIn_Once()
    {
        var (setup, command, _) = await PublishedAsync("/post Helo from Telegram #typo");
        await using var _ = setup;
        var telegram = setup.Telegram;

        telegram.UserEdits(command, "/post Hello from Telegram (fixed) #dotnet");

        var reply = await setup.ExpectReply(r => r.StartsWith("Updated the post on LinkedIn"), Slow);
        Assert.Equal(command.MessageId, reply.ReplyTo);
        var post = Assert.Single(setup.LinkedIn.Posts);
        Assert.Equal("Hello from Telegram (fixed) #dotnet", post.RenderedText);
        var patch = Assert.Single(setup.LinkedIn.Requests, r => r.Method == "POST" && r.Path.StartsWith("/rest/posts/", StringComparison.Ordinal));
        Assert.Equal("PARTIAL_UPDATE", patch.Header("X-RestLi-Method"));
        Assert.Contains("urn", patch.Path, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"$set\":{\"commentary\":\"Hello from Telegram \\\\(fixed\\\\) #dotnet\"}", patch.Body, StringComparison.Ordinal);

        // The same edit again (the user saves it once more) changes nothing at LinkedIn.
        telegram.UserEdits(command, "/post Hello from Telegram (fixed) #dotnet");
        await setup.ExpectReply(r => r.Contains("already has this text"), Slow);
        telegram.UserSends(AdaPrivate, Ada, "/posts");
        var posts = await setup.ExpectReply(r => r.StartsWith("Your posts"), Slow);
        Assert.Contains("\"Hello from Telegram (fixed) #dotnet\"", posts.Text, StringComparison.Ordinal);
        Assert.EndsWith(" · edited", posts.Text, StringComparison.Ordinal);
        Assert.Single(setup.LinkedIn.Requests, r => r.Method == "POST" && r.Path.StartsWith("/rest/posts/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EditCommand_AsReplyToThePublishedMessage_UpdatesTheText()
    {
        var (setup, _, published) = await PublishedAsync();
        await using var _ = setup;
        var telegram = setup.Telegram;

        telegram.UserSends(AdaPrivate, Ada, "/edit 2 new lines:\nfirst\nsecond", replyTo: published);

        await setup.ExpectReply(r => r.StartsWith("Updated the post on LinkedIn"), Slow);
        Assert.Equal("2 new lines:\nfirst\nsecond", Assert.Single(setup.LinkedIn.Posts).RenderedText);
    }

    [Fact]
    public async Task Draft_PublishButton_PublishesAndReplacesTheDraftsButtons_ASecondPressPublishesNothing()
    {
        var (setup, _, _) = await PublishedAsync();
        await using var _ = setup;
        var telegram = setup.Telegram;

        var draft = telegram.UserSends(AdaPrivate, Ada, "/draft Drafted on Telegram #preview");
        var preview = await setup.ExpectReply(r => r.ReplyTo == draft.MessageId, Slow);
        Assert.StartsWith("Draft ", preview.Text, StringComparison.Ordinal);
        Assert.Equal(["Publish", "Schedule", "Cancel"], preview.CallbackButtons.Select(b => b.Text));
        var message = await telegram.WaitForBotMessageAsync(m => FakeTelegramServer.TextOf(m)?.Contains("Drafted on Telegram", StringComparison.Ordinal) == true);

        telegram.UserPresses(Ada, message, preview.CallbackButtons[0].Data);
        var published = await telegram.WaitForCallAsync("editMessageText", timeout: Slow);
        telegram.UserPresses(Ada, message, preview.CallbackButtons[0].Data);
        await setup.ExpectReply(r => r.Contains("already published"), Slow);

        Assert.StartsWith("Published on LinkedIn", published.VisibleText, StringComparison.Ordinal);
        Assert.Equal(["Delete"], published.CallbackButtons.Select(b => b.Text));
        Assert.Equal(2, setup.LinkedIn.Posts.Count);
        Assert.Equal("Drafted on Telegram #preview", setup.LinkedIn.Posts[^1].RenderedText);
    }

    [Fact]
    public async Task Schedule_AsAPhotoCaptionInAGroup_CarriesThePhoto_AndAnswersInTheGroup()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var picture = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3 };
        bot.Core.ReadImages = true;

        var photo = bot.Server.UserSendsPhoto(Team, Ada, bot.Server.AddPhotoSizes(picture), caption: "/schedule tomorrow 9:00 Our new office");

        var handled = await bot.Core.WaitForOneAsync();
        Assert.Equal(LinkedInBot.Core.Chat.ChatCommand.Schedule, handled.Request.Command);
        Assert.Equal("tomorrow 9:00 Our new office", handled.Request.Text);
        Assert.Equal(picture, handled.Image);
        Assert.Equal("m:" + photo.MessageId, handled.Request.Address.ReplyContext);
    }

    [Fact]
    public async Task Schedule_AsAReplyToAMessage_SchedulesTheQuotedText()
    {
        await using var bot = await TelegramBotHarness.StartAsync();
        var original = bot.Server.EarlierMessage(Team, Grace, text: "Our team shipped v2 today");

        bot.Server.UserSends(Team, Ada, "/schedule mon 9:30", replyTo: original);

        var request = (await bot.Core.WaitForOneAsync()).Request;
        Assert.Equal(LinkedInBot.Core.Chat.ChatCommand.Schedule, request.Command);
        Assert.Equal("mon 9:30\nOur team shipped v2 today", request.Text);
    }

    [Fact]
    public async Task EditingAPhotoPost_CaptionChangesTheText_ButAReplacedPhotoIsRefused()
    {
        var (setup, _, _) = await PublishedAsync();
        await using var _ = setup;
        var telegram = setup.Telegram;
        var photo = telegram.UserSendsPhoto(AdaPrivate, Ada, telegram.AddPhotoSizes(TestImages.Png()), caption: "/post Our office");
        await setup.ExpectReply(r => r.ReplyTo == photo.MessageId, Slow);

        telegram.UserEdits(photo, "/post Our new office");
        await setup.ExpectReply(r => r.StartsWith("Updated the post on LinkedIn"), Slow);
        telegram.UserEdits(photo, "/post Our new office, again", telegram.AddPhotoSizes(TestImages.Png()));
        var refused = await setup.ExpectReply(r => r.StartsWith("LinkedIn lets only the text"), Slow);

        Assert.Equal(photo.MessageId, refused.ReplyTo);
        Assert.Equal("Our new office", setup.LinkedIn.Posts[^1].RenderedText);
    }
}
