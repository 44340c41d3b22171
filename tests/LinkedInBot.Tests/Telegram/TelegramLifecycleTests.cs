using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Lifecycle;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// The real bot between a fake Telegram and a fake LinkedIn: an expiry reminder with its button, and /forget with its
/// Forget me button (a callback query) or as <c>/forget yes</c>.
/// </summary>
public sealed class TelegramLifecycleTests
{
    [Fact]
    public async Task LinkCloseToExpiry_GetsAReminderWithAReconnectButton_InTheChatWhereItWasConfirmed()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.TokenExpiresInSeconds = (long)TimeSpan.FromDays(3).TotalSeconds;
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);

        await bot.App.Services.GetRequiredService<LinkReminderService>().CheckAsync(CancellationToken.None);

        var reminder = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Your LinkedIn link", StringComparison.Ordinal) == true);
        Assert.Equal(Ada.Id, reminder.ChatId);
        Assert.Contains("expires in 2 days", reminder.VisibleText, StringComparison.Ordinal);
        var (label, url) = Assert.Single(reminder.UrlButtons);
        Assert.Equal("Reconnect LinkedIn", label);
        Assert.StartsWith(linkedIn.AuthBaseUrl, url, StringComparison.Ordinal);

        // The button is a working consent link: it leads through LinkedIn back to the bot's code page.
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(new Uri(url));
        telegram.UserSends(AdaPrivate, Ada, "/link " + await LinkCodePage.CodeFromAsync(page));
        await telegram.WaitForCallsAsync("sendMessage", 2, c => c.VisibleText?.StartsWith("Linked as", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Forget_InAGroup_OnlyTheAskersForgetMeButtonPressDeletes_AndTheTokenIsRevoked()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);

        var ask = telegram.UserSends(Team, Ada, "/forget@LinkedInTestBot");
        var question = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == ask.MessageId);
        Assert.Contains("your LinkedIn link (Ada Lovelace)", question.VisibleText, StringComparison.Ordinal);
        Assert.Contains("stay there", question.VisibleText, StringComparison.Ordinal);
        var (label, data) = Assert.Single(question.CallbackButtons);
        Assert.Equal("Forget me", label);

        // Grace sees the button in the group; her press is refused, and nothing of Ada's is touched.
        telegram.UserPresses(Team, Grace, data);
        var refusal = await telegram.WaitForCallAsync("answerCallbackQuery");
        Assert.Equal(RequestReplies.NotYourButton.Text, refusal.GetString("text"));
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");

        telegram.UserPresses(Team, Ada, data);
        var done = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Done:", StringComparison.Ordinal) == true);
        Assert.Equal(2, telegram.CountCalls("answerCallbackQuery"));
        Assert.Contains("Posts already published on LinkedIn stay there", done.VisibleText, StringComparison.Ordinal);
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");
        Assert.Null(await bot.App.Services.GetRequiredService<IAccountLinkStore>().FindAsync(new ChatAddress("telegram", Ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None));
    }

    [Fact]
    public async Task ForgetYes_AsText_DeletesWithoutTheButton()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(telegram, linkedIn);
        await LinkAsync(telegram, Ada);

        telegram.UserSends(AdaPrivate, Ada, "/forget yes");

        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Done:", StringComparison.Ordinal) == true);
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");
        telegram.UserSends(AdaPrivate, Ada, "/status");
        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("No LinkedIn account is linked", StringComparison.Ordinal) == true);
    }

    private static Task<BotUnderTest> StartAsync(FakeTelegramServer telegram, FakeLinkedInServer linkedIn)
    {
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        return BotUnderTest.StartAsync(linkedIn, configure: s =>
        {
            s["Telegram:BotToken"] = telegram.Token;
            s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
        });
    }

    /// <summary>/link in the private chat, through LinkedIn's consent, then the code.</summary>
    private static async Task LinkAsync(FakeTelegramServer telegram, FakeTelegramUser user)
    {
        telegram.UserSends(FakeTelegramChat.Private(user), user, "/link");
        var prompt = await telegram.WaitForCallAsync("sendMessage", c => c.UrlButtons.Count == 1);
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(new Uri(prompt.UrlButtons[0].Url));
        telegram.UserSends(FakeTelegramChat.Private(user), user, "/link " + await LinkCodePage.CodeFromAsync(page));
        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith("Linked as", StringComparison.Ordinal) == true);
    }
}
