using LinkedInBot.Core.Chat;
using LinkedInBot.Telegram;
using Microsoft.Extensions.DependencyInjection;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>Proactive messages (after the OAuth callback, after a crash resume) through the registered notifier.</summary>
public sealed class TelegramNotifierTests
{
    private static readonly ChatReply Linked = ChatReply.Info("Linked as Ada Lovelace.");

    [Fact]
    public async Task Notifier_IsRegisteredForTelegram()
    {
        await using var bot = await StartAsync();

        Assert.Single(bot.App.Services.GetServices<IChatNotifier>(), n => n.Platform == "telegram");
    }

    [Fact]
    public async Task LinkStartedInAGroup_SuccessNoticeGoesToThePrivateChat()
    {
        await using var bot = await StartAsync();

        await Notifier(bot).NotifyAsync(new ChatAddress("telegram", Team.Id.ToString(), Ada.Id.ToString(), "pm"), Linked, CancellationToken.None);

        var notice = Assert.Single(bot.Server.CallsTo("sendMessage"));
        Assert.Equal(Ada.Id, notice.ChatId);
        Assert.Equal("Linked as Ada Lovelace.", notice.VisibleText);
    }

    [Fact]
    public async Task LinkStartedInAGroup_WhenThePrivateChatIsClosed_NoticeGoesToTheGroup()
    {
        await using var bot = await StartAsync();
        using var closed = bot.Server.ForbidPrivateChat(Ada.Id);

        await Notifier(bot).NotifyAsync(new ChatAddress("telegram", Team.Id.ToString(), Ada.Id.ToString(), "pm"), Linked, CancellationToken.None);

        Assert.Equal(Team.Id, bot.Server.CallsTo("sendMessage")[^1].ChatId);
    }

    [Fact]
    public async Task ResumedPostInAGroup_AnswersTheOriginalMessageInTheGroup()
    {
        await using var bot = await StartAsync();
        var published = new ChatReply("Published on LinkedIn.", [new LinkButton("Open on LinkedIn", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"))], ReplyVisibility.Public);

        await Notifier(bot).NotifyAsync(new ChatAddress("telegram", Team.Id.ToString(), Ada.Id.ToString(), "m:77"), published, CancellationToken.None);

        var reply = Assert.Single(bot.Server.CallsTo("sendMessage"));
        Assert.Equal(Team.Id, reply.ChatId);
        Assert.Equal(77, reply.ReplyToMessageId);
        Assert.True(reply.AllowSendingWithoutReply);
        Assert.Single(reply.UrlButtons);
    }

    [Fact]
    public async Task SecretNotificationForAGroupAddress_NeverReachesTheGroup()
    {
        await using var bot = await StartAsync();
        var secret = new ChatReply("Connect:", [new LinkButton("Connect LinkedIn", new Uri("https://www.linkedin.com/oauth/v2/authorization?state=SECRET"))], ReplyVisibility.Secret);

        await Notifier(bot).NotifyAsync(new ChatAddress("telegram", Team.Id.ToString(), Ada.Id.ToString(), "m:5"), secret, CancellationToken.None);

        Assert.Contains(bot.Server.CallsTo("sendMessage"), c => c.ChatId == Ada.Id && c.UrlButtons.Count == 1);
        Assert.All(bot.Server.CallsTo("sendMessage").Where(c => c.ChatId == Team.Id), c => Assert.DoesNotContain("SECRET", c.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public async Task BlockedUser_IsLoggedAndNotThrown_SoTheCoreDoesNotRetryForever()
    {
        await using var bot = await StartAsync();
        using var blocked = bot.Server.FailWhile("sendMessage", _ => true, 403, "Forbidden: bot was blocked by the user");

        await Notifier(bot).NotifyAsync(new ChatAddress("telegram", Ada.Id.ToString(), Ada.Id.ToString()), Linked, CancellationToken.None);

        Assert.Contains(bot.Logs.Lines, l => l.Contains("blocked by the user", StringComparison.Ordinal));
    }

    private static IChatNotifier Notifier(TelegramBotHarness bot) =>
        bot.App.Services.GetServices<IChatNotifier>().Single(n => n.Platform == TelegramAdapter.Platform);
}
