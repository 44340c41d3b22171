using System.Diagnostics;
using Dapper;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Discord;

/// <summary>A stop cuts nothing off for good: what runs finishes within the grace period, the rest stays queued.</summary>
public sealed class DiscordShutdownTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Post_CutOffWhileLinkedInIsSlow_StaysQueued_AndTheStopKeepsToTheGracePeriod()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await DiscordTestHost.StartAsync(ShortGrace, linkedIn: linkedIn);
        await DiscordEndToEndTests.LinkAsync(host);
        linkedIn.CreateLatency = TimeSpan.FromSeconds(5);

        await host.InteractAsync(DiscordPayloads.Post("Hello just before the restart"));
        await Eventually.TrueAsync(() => Task.FromResult(linkedIn.CreateAttempts == 1), "LinkedIn is asked to create the post");
        var clock = Stopwatch.StartNew();
        await host.App.StopAsync();

        Assert.True(clock.Elapsed < Grace + TimeSpan.FromSeconds(3), $"the stop took {clock.Elapsed}");
        var database = host.App.Services.GetRequiredService<SqliteDatabase>();
        await using var connection = await database.OpenAsync(CancellationToken.None);
        var states = (await connection.QueryAsync<string>("SELECT state FROM chat_jobs WHERE kind = 'chat-request' ORDER BY id")).ToList();
        Assert.Equal("queued", states[^1]);
        Assert.Equal(0, await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM leases"));
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.Contains("Published", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Command_ThatFinishesWithinTheGrace_GetsItsOwnReply()
    {
        await using var host = await DiscordTestHost.StartAsync(ShortGrace);
        host.Bot.Delay = TimeSpan.FromMilliseconds(300);

        await host.InteractAsync(DiscordPayloads.Post("Hello"));
        await host.Bot.NextAsync();
        await host.App.StopAsync();

        var edit = Assert.Single(host.Discord.Requests, r => r.IsEditOriginal);
        Assert.Equal("ok", edit.Json.GetProperty("content").GetString());
    }

    private static void ShortGrace(Dictionary<string, string?> settings) =>
        settings["Bot:ShutdownGracePeriod"] = Grace.ToString("c");
}
