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
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.TokenExpiresInSeconds = (long)TimeSpan.FromDays(3).TotalSeconds;
        await using var chat = await Conversation.OnTelegramAsync(linkedIn: linkedIn);
        await chat.LinkAsync();

        await chat.Bot.App.Services.GetRequiredService<LinkReminderService>().CheckAsync(CancellationToken.None);

        var reminder = await chat.ExpectReply(r => r.StartsWith("Your LinkedIn link"));
        Assert.Equal(Ada.Id, reminder.Call!.ChatId);
        Assert.Contains("expires in 2 days", reminder.Text, StringComparison.Ordinal);
        var (label, url) = Assert.Single(reminder.Call.UrlButtons);
        Assert.Equal("Reconnect LinkedIn", label);
        Assert.StartsWith(linkedIn.AuthBaseUrl, url, StringComparison.Ordinal);

        // The button is a working consent link: it leads through LinkedIn back to the bot's code page.
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(new Uri(url));
        await chat.Send("/link " + await LinkCodePage.CodeFromAsync(page));
        await chat.ExpectReply(r => r.StartsWith("Linked as"));
    }

    [Fact]
    public async Task Forget_InAGroup_OnlyTheAskersForgetMeButtonPressDeletes_AndTheTokenIsRevoked()
    {
        await using var chat = await Conversation.OnTelegramAsync();
        var (telegram, linkedIn) = (chat.Telegram, chat.LinkedIn);
        await chat.LinkAsync();

        var ask = await chat.Send("/forget@LinkedInTestBot", Team);
        var question = await chat.ExpectReply(r => r.ReplyTo == ask!.MessageId);
        Assert.Contains("your LinkedIn link (Ada Lovelace)", question.Text, StringComparison.Ordinal);
        Assert.Contains("stay there", question.Text, StringComparison.Ordinal);
        var (label, data) = Assert.Single(question.Call!.CallbackButtons);
        Assert.Equal("Forget me", label);

        // Grace sees the button in the group; her press is refused, and nothing of Ada's is touched.
        telegram.UserPresses(Team, Grace, data);
        var refusal = await telegram.WaitForCallAsync("answerCallbackQuery");
        Assert.Equal(RequestReplies.NotYourButton.Text, refusal.GetString("text"));
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");

        telegram.UserPresses(Team, Ada, data);
        var done = await chat.ExpectReply(r => r.StartsWith("Done:"));
        Assert.Equal(2, telegram.CountCalls("answerCallbackQuery"));
        Assert.Contains("Posts already published on LinkedIn stay there", done.Text, StringComparison.Ordinal);
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");
        Assert.Null(await chat.Bot.App.Services.GetRequiredService<IAccountLinkStore>().FindAsync(new ChatAddress("telegram", Ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Ada.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), CancellationToken.None));
    }

    [Fact]
    public async Task ForgetYes_AsText_DeletesWithoutTheButton()
    {
        await using var chat = await Conversation.OnTelegramAsync();
        await chat.LinkAsync();

        await chat.Send("/forget yes");

        await chat.ExpectReply(r => r.StartsWith("Done:"));
        Assert.Single(chat.LinkedIn.Requests, r => r.Path == "/oauth/v2/revoke");
        await chat.Send("/status");
        await chat.ExpectReply(r => r.StartsWith("No LinkedIn account is linked"));
    }
}
