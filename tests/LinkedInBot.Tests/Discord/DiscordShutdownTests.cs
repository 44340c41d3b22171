using System.Diagnostics;
using LinkedInBot.Core.Storage;
using LinkedInBot.Discord;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Discord;

/// <summary>An interaction the host's stop cuts off is never left "thinking…".</summary>
public sealed class DiscordShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Post_CutOffWhileLinkedInIsSlow_IsToldItWasSaved_AndTheLedgerHoldsItForTheNextStart()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn, services: ShortGrace);
        await DiscordEndToEndTests.LinkAsync(host);
        linkedIn.CreateLatency = TimeSpan.FromSeconds(4);
        var interaction = DiscordPayloads.Post("Hello just before the restart");

        await host.InteractAsync(interaction);
        await Eventually.TrueAsync(() => Task.FromResult(linkedIn.CreateAttempts == 1), "LinkedIn is asked to create the post");
        var clock = Stopwatch.StartNew();
        await host.App.StopAsync();

        Assert.True(clock.Elapsed < Grace + TimeSpan.FromSeconds(1), $"the stop took {clock.Elapsed}");
        var edit = Assert.Single(host.Discord.Requests, r => r.IsEditOriginal);
        Assert.Equal(DiscordChatBridge.SavedForResume, edit.Json.GetProperty("content").GetString());
        var unfinished = await host.App.Services.GetRequiredService<IPostLedger>().GetUnfinishedAsync(CancellationToken.None);
        Assert.Contains(unfinished, e => e.MessageId == (string)interaction["id"]! && !e.Replied);
    }

    [Theory]
    [InlineData("post")]
    [InlineData("status")]
    public async Task Command_CutOffBeforeAnythingWasSaved_AsksToTryAgain(string subcommand)
    {
        await using var host = await DiscordTestHost.StartAsync(services: ShortGrace);
        host.Bot.Delay = TimeSpan.FromMinutes(1);

        // A slow status is deferred after the inline budget; a post at once.
        var response = await host.InteractAsync(subcommand == "post" ? DiscordPayloads.Post("Hello") : DiscordPayloads.Slash(subcommand));
        Assert.Equal(5, (int)response["type"]!);
        await host.Bot.NextAsync();
        var clock = Stopwatch.StartNew();
        await host.App.StopAsync();

        Assert.True(clock.Elapsed < Grace + TimeSpan.FromSeconds(1), $"the stop took {clock.Elapsed}");
        var edit = Assert.Single(host.Discord.Requests, r => r.IsEditOriginal);
        Assert.Equal(DiscordChatBridge.TryAgain, edit.Json.GetProperty("content").GetString());
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
    }

    [Fact]
    public async Task Command_ThatFinishesWithinTheGrace_GetsItsOwnReplyAndNoRestartNotice()
    {
        await using var host = await DiscordTestHost.StartAsync(services: ShortGrace);
        host.Bot.Delay = TimeSpan.FromMilliseconds(300);

        await host.InteractAsync(DiscordPayloads.Post("Hello"));
        await host.Bot.NextAsync();
        await host.App.StopAsync();

        var edit = Assert.Single(host.Discord.Requests, r => r.IsEditOriginal);
        Assert.Equal("ok", edit.Json.GetProperty("content").GetString());
    }

    private static void ShortGrace(IServiceCollection services) =>
        services.AddSingleton(provider => new DiscordBackgroundWork(provider.GetRequiredService<ILogger<DiscordBackgroundWork>>())
        {
            ShutdownGrace = Grace,
            CutOffNoticeTime = Grace - TimeSpan.FromMilliseconds(500),
        });
}
