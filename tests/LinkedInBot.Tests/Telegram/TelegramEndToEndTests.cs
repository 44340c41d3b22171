using System.Net;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// The real bot (BotApp, the posting core, SQLite) between a fake Telegram and a fake LinkedIn: what a team
/// actually does in a group, from /link to a published post.
/// </summary>
public sealed class TelegramEndToEndTests
{
    [Fact]
    public async Task GroupMember_LinksPrivately_ThenPostsFromTheGroup()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s =>
        {
            s["Telegram:BotToken"] = telegram.Token;
            s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
        });

        // /link in the group: the OAuth link goes to Ada's private chat, the group only hears that it was sent.
        telegram.UserSends(Team, Ada, "/link@LinkedInTestBot");
        var dm = await telegram.WaitForCallAsync("sendMessage", c => c.ChatId == Ada.Id);
        var groupNotice = await telegram.WaitForCallAsync("sendMessage", c => c.ChatId == Team.Id);
        Assert.Equal(LinkedInBot.Telegram.TelegramReplySender.SentPrivatelyText, groupNotice.VisibleText);
        var (label, url) = Assert.Single(dm.UrlButtons);
        Assert.Equal("Connect LinkedIn", label);

        // Ada opens the link; LinkedIn signs her in and sends the browser to the bot's callback.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(new Uri(url));
        using var page = await browser.GetAsync(consent.Headers.Location!);
        var html = await page.Content.ReadAsStringAsync();
        var code = await LinkCodePage.CodeFromAsync(page);

        // The page's one tap opens her private chat with the bot, which sends /start <code> from her account.
        Assert.Equal(new Uri($"https://t.me/{telegram.BotUsername}?start={code}"), LinkCodePage.TelegramButton(html));
        Assert.DoesNotContain(telegram.Calls, c => c.VisibleText?.Contains("Linked as", StringComparison.Ordinal) == true);
        telegram.UserSends(AdaPrivate, Ada, "/start " + code);

        // "Linked as …" is nobody else's business: it goes to her private chat, not the group.
        var linked = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Linked as Ada Lovelace", StringComparison.Ordinal) == true);
        Assert.Equal(Ada.Id, linked.ChatId);

        // Now a post from the group, with markup-like text.
        var post = telegram.UserSends(Team, Ada, "/post We <3 shipping & \"testing\" #dotnet");
        var published = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId, TimeSpan.FromSeconds(15));
        var linkedInPost = Assert.Single(linkedIn.Posts);
        Assert.Equal("We <3 shipping & \"testing\" #dotnet", linkedInPost.RenderedText);
        Assert.Equal(Team.Id, published.ChatId);
        Assert.StartsWith("Published on LinkedIn", published.VisibleText, StringComparison.Ordinal);
        Assert.Equal("Open on LinkedIn", Assert.Single(published.UrlButtons).Text);
    }

    [Fact]
    public async Task Link_WhenLinkedInRefusesTheSignIn_TellsTheUserToSendLinkAgain()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.ExpireNextCode();
        await using var chat = await Conversation.OnTelegramAsync(linkedIn: linkedIn);
        await chat.Send("/link");
        var prompt = await chat.ExpectReply(r => r.Links.Count > 0);

        using var browser = new HttpClient();
        using var page = await browser.GetAsync(Assert.Single(prompt.Links));

        Assert.Equal(HttpStatusCode.BadGateway, page.StatusCode);
        var told = await chat.ExpectReply(r => r.StartsWith("Linking failed"));
        Assert.Equal(Ada.Id, told.Call!.ChatId);
        Assert.Equal(
            "Linking failed: LinkedIn did not accept this sign-in because the link was already used or has expired. Send /link to try again.",
            told.Text);
    }

    [Fact]
    public async Task LinkedUser_PostsAPhoto_AndLinkedInGetsTheImageBytes()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s =>
        {
            s["Telegram:BotToken"] = telegram.Token;
            s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
        });
        telegram.UserSends(AdaPrivate, Ada, "/start link");
        var prompt = await telegram.WaitForCallAsync("sendMessage");
        using (var browser = new HttpClient())
        {
            using var page = await browser.GetAsync(new Uri(Assert.Single(prompt.UrlButtons).Url));
            telegram.UserSends(AdaPrivate, Ada, "/link " + await LinkCodePage.CodeFromAsync(page));
        }

        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.Contains("Linked as", StringComparison.Ordinal) == true);
        var png = TestImages.Png();

        var post = telegram.UserSendsPhoto(AdaPrivate, Ada, telegram.AddPhotoSizes(png), caption: "/post Our new office");

        var published = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId, TimeSpan.FromSeconds(15));
        Assert.StartsWith("Published on LinkedIn", published.VisibleText, StringComparison.Ordinal);
        var linkedInPost = Assert.Single(linkedIn.Posts);
        Assert.Equal("Our new office", linkedInPost.Commentary);
        Assert.Equal(png, linkedIn.Images[linkedInPost.ImageUrn!]);
    }
}
