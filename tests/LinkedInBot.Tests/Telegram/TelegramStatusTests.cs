using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>The status of long work (a video upload) through the job runtime and the real Telegram.Bot client.</summary>
public sealed class TelegramStatusTests
{
    [StoreFact]
    public async Task Statuses_AreOneMessageSentThenEdited_AndTheAnswerIsAMessageOfItsOwn()
    {
        await using var bot = await StartAsync();
        bot.Core.Statuses = [VideoReplies.Uploading(0), VideoReplies.Uploading(40), VideoReplies.Uploading(100), VideoReplies.Processing];
        bot.Core.Reply = _ => ChatReply.Info("Published on LinkedIn.", ReplyVisibility.Public);

        var post = bot.Server.UserSends(Team, Ada, "/post a clip");

        var messages = await bot.Server.WaitForCallsAsync("sendMessage", 2);
        var edits = bot.Server.CallsTo("editMessageText");
        Assert.Equal("Uploading video… 0 %", messages[0].VisibleText);
        Assert.Equal(post.MessageId, messages[0].ReplyToMessageId);
        Assert.Equal("Published on LinkedIn.", messages[1].VisibleText);
        Assert.Equal(["Uploading video… 40 %", "Uploading video… 100 %", VideoReplies.Processing], edits.Select(e => e.VisibleText));
        var status = Assert.Single(bot.Server.BotMessages, m => m.Message["text"]!.GetValue<string>() == VideoReplies.Processing);
        Assert.All(edits, edit => Assert.Equal(status.MessageId, (int?)edit.GetLong("message_id")));
        Assert.Equal(2, bot.Server.BotMessages.Count);
    }

    [StoreFact]
    public async Task AStatusTelegramRefuses_DoesNotCostTheAnswer()
    {
        await using var bot = await StartAsync();
        bot.Core.Statuses = [VideoReplies.Uploading(0), VideoReplies.Uploading(50)];
        bot.Core.Reply = _ => ChatReply.Info("Published on LinkedIn.", ReplyVisibility.Public);
        using var refused = bot.Server.FailWhile("editMessageText", _ => true, 400, "Bad Request: message to edit not found");

        bot.Server.UserSends(AdaPrivate, Ada, "/post a clip");

        var answer = await bot.Server.WaitForCallAsync("sendMessage", c => c.VisibleText == "Published on LinkedIn.");
        Assert.NotNull(answer);
        Assert.Single(bot.Server.CallsTo("editMessageText"));
    }
}
