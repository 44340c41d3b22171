using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Discord;

/// <summary>The status of long work (a video upload) in the interaction's deferred response.</summary>
public sealed class DiscordStatusTests
{
    [Fact]
    public async Task Statuses_EditTheDeferredResponse_ThenTheReplyReplacesThem()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Delay = TimeSpan.FromMilliseconds(300);
        host.Bot.Statuses = [VideoReplies.Uploading(0), VideoReplies.Uploading(60)];
        host.Bot.Reply = _ => ChatReply.Info("Published on LinkedIn.");

        var json = await host.InteractAsync(DiscordPayloads.Post("a clip"));

        Assert.Equal(5, (int)json["type"]!);
        await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 3, TimeSpan.FromSeconds(15));
        var contents = host.Discord.Requests.Where(r => r.IsEditOriginal).Select(r => r.Json.GetProperty("content").GetString()).ToList();
        Assert.Equal(["Uploading video… 0 %", "Uploading video… 60 %", "Published on LinkedIn."], contents);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
    }

    [Fact]
    public async Task AStatusBeforeTheDeferral_IsLeftOut_AndTheAnswerStillComesInline()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Statuses = [VideoReplies.Uploading(0)];
        host.Bot.Reply = _ => ChatReply.Info("Linked as Ada Lovelace.");

        var json = await host.InteractAsync(DiscordPayloads.Slash("status"));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal("Linked as Ada Lovelace.", (string)json["data"]!["content"]!);
        await Task.Delay(200);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsEditOriginal);
    }
}
