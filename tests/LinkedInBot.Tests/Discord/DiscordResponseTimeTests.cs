using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Discord;

/// <summary>Discord drops an interaction not answered within 3 seconds, whatever LinkedIn is doing.</summary>
public sealed class DiscordResponseTimeTests
{
    private static readonly TimeSpan SlowCore = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Post_WithSlowCore_AnswersWellWithinThreeSecondsAndEditsLater()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await WarmUpAsync(host);
        host.Bot.Delay = SlowCore;
        host.Bot.Reply = _ => ChatReply.Info("Published: https://www.linkedin.com/feed/update/urn:li:share:9/", ReplyVisibility.Public);
        var clock = Stopwatch.StartNew();

        var json = await host.InteractAsync(DiscordPayloads.Post("slow"));

        var answeredAfter = clock.Elapsed;
        Assert.Equal(5, (int)json["type"]!);
        Assert.True(answeredAfter < TimeSpan.FromSeconds(1), $"answered after {answeredAfter}");
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2, TimeSpan.FromSeconds(15));
        // Timers may fire a few milliseconds early; the point is that the edit waited for the core.
        Assert.True(clock.Elapsed >= SlowCore - TimeSpan.FromMilliseconds(50), $"the edit came after {clock.Elapsed}, before the core replied");
        Assert.Contains("urn:li:share:9", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithSlowCore_DefersBeforeThreeSecondsThenEditsWithTheReply()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await WarmUpAsync(host);
        host.Bot.Delay = SlowCore;
        host.Bot.Reply = _ => ChatReply.Info("Linked as Ada Lovelace.");
        var clock = Stopwatch.StartNew();

        var json = await host.InteractAsync(DiscordPayloads.Slash("status"));

        var answeredAfter = clock.Elapsed;
        Assert.Equal(5, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.True(answeredAfter < TimeSpan.FromSeconds(2.8), $"answered after {answeredAfter}");
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2, TimeSpan.FromSeconds(15));
        Assert.Equal("Linked as Ada Lovelace.", edit.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
    }

    [Fact]
    public async Task Share_ModalGoesOutAtOnceWhileTheImageIsStillDownloading()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await WarmUpAsync(host);
        var url = host.Discord.AddAttachment("cat.png", "image/png", [1, 2, 3]);
        host.Discord.DelayCdn(TimeSpan.FromSeconds(2.5));
        var clock = Stopwatch.StartNew();

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("820", url, "cat.png", "image/png", 3)]));

        Assert.Equal(9, (int)modal["type"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"modal after {clock.Elapsed}");
        var submitted = await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "text"));
        Assert.Equal(5, (int)submitted["type"]!);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"deferral after {clock.Elapsed}");
        var (_, image) = await host.Bot.NextAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(new byte[] { 1, 2, 3 }, image);
    }

    [Fact]
    public async Task Core_ThatKeepsThrowing_LeavesTheUserWithAnApologyNotAnEndlessThinking()
    {
        await using var host = await DiscordTestHost.StartAsync(services: s => s.Configure<LinkedInBot.Core.BotOptions>(o => o.JobRetryDelay = TimeSpan.FromMilliseconds(10)));
        host.Bot.Reply = _ => throw new InvalidOperationException("boom");

        var json = await host.InteractAsync(DiscordPayloads.Post("text"));

        Assert.Equal(5, (int)json["type"]!);
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("could not finish your request", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, host.Bot.Requests.Count);
    }

    /// <summary>
    /// One quick round of each path first: the budget is about a running bot, not the JIT of a cold test
    /// process on a shared 2-core machine.
    /// </summary>
    private static async Task WarmUpAsync(DiscordTestHost host)
    {
        await host.InteractAsync(DiscordPayloads.Ping());
        await host.InteractAsync(DiscordPayloads.Slash("status"));
        await host.InteractAsync(DiscordPayloads.Post("warm-up"));
        await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        await host.Bot.NextAsync();
        await host.Bot.NextAsync();
    }
}
