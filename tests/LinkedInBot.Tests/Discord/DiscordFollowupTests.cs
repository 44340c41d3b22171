using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordFollowupTests
{
    private static readonly Uri PostUrl = new("https://www.linkedin.com/feed/update/urn:li:share:5/");

    [Fact]
    public async Task EditOriginal_WhenDiscordAnswers404RightAfterTheDeferral_IsRetried()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Discord.Script("PATCH", FakeDiscordResponse.NotFound());
        host.Bot.Reply = _ => ChatReply.Info("Published.");

        await host.InteractAsync(DiscordPayloads.Post("text"));

        var first = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var second = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);
        Assert.Equal(first.Body, second.Body);
        Assert.True(second.ReceivedAt - first.ReceivedAt >= TimeSpan.FromMilliseconds(300), "retried without a pause");
        await JobsEnded.WaitAsync(host.App.Services);
        Assert.Equal(2, host.Discord.Requests.Count(r => r.IsEditOriginal));
    }

    [Fact]
    public async Task EditOriginal_When429_WaitsRetryAfterThenSucceeds()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Discord.Script("PATCH", FakeDiscordResponse.RateLimited(0.6));

        await host.InteractAsync(DiscordPayloads.Post("text"));

        var first = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var second = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);
        Assert.True(second.ReceivedAt - first.ReceivedAt >= TimeSpan.FromMilliseconds(550), $"retried after {second.ReceivedAt - first.ReceivedAt}");
    }

    [Fact]
    public async Task PublicFollowup_When500_IsNotRepeatedBecauseItMayHaveBeenPosted()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Discord.Script("POST", new FakeDiscordResponse(500, """{"message":"oops"}"""));
        host.Bot.Reply = _ => new ChatReply($"Published: {PostUrl}", [new LinkButton("Open on LinkedIn", PostUrl)], ReplyVisibility.Public);

        await host.InteractAsync(DiscordPayloads.Post("text"));

        await host.Discord.WaitForAsync(r => r.IsFollowup);
        await JobsEnded.WaitAsync(host.App.Services);
        Assert.Single(host.Discord.Requests, r => r.IsFollowup);
        Assert.Single(host.Discord.Requests, r => r.IsEditOriginal);
    }

    [Fact]
    public async Task Notifier_AfterOAuthCallback_SendsAnEphemeralFollowupToTheLinkInteraction()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => new ChatReply("Connect your account.", [new LinkButton("Connect", new Uri("https://www.linkedin.com/oauth/v2/authorization?state=x"))], ReplyVisibility.Secret);
        var interaction = DiscordPayloads.Slash("link");
        await host.InteractAsync(interaction);
        var address = Assert.Single(host.Bot.Requests).Address;

        await host.Notifier.NotifyAsync(address, ChatReply.Info("Linked as Ada Lovelace."), CancellationToken.None);

        var followup = Assert.Single(host.Discord.Requests, r => r.IsFollowup);
        Assert.Equal($"/api/v10/webhooks/{DiscordPayloads.ApplicationId}/{(string)interaction["token"]!}", followup.Path);
        Assert.Equal(64, followup.Json.GetProperty("flags").GetInt32());
        Assert.Equal("Linked as Ada Lovelace.", followup.Json.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Notifier_AfterTheTokenExpired_DropsTheNotification()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = await DiscordTestHost.StartAsync(time: time);
        await host.InteractAsync(DiscordPayloads.Slash("link"));
        var address = Assert.Single(host.Bot.Requests).Address;

        time.Advance(TimeSpan.FromMinutes(15));
        await host.Notifier.NotifyAsync(address, ChatReply.Info("Linked as Ada Lovelace."), CancellationToken.None);

        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
        Assert.Contains(host.Logs.Lines, line => line.Contains("token of interaction", StringComparison.Ordinal) && line.Contains("expired", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Notifier_WhenDiscordSaysTheTokenExpired_LogsAndDrops()
    {
        await using var host = await DiscordTestHost.StartAsync();
        await host.InteractAsync(DiscordPayloads.Slash("link"));
        var address = Assert.Single(host.Bot.Requests).Address;
        host.Discord.Script("POST", FakeDiscordResponse.TokenExpired());

        await host.Notifier.NotifyAsync(address, ChatReply.Info("Linked."), CancellationToken.None);

        Assert.Single(host.Discord.Requests, r => r.IsFollowup);
    }

    [Fact]
    public async Task Notifier_WithForeignReplyContext_DropsWithoutCallingDiscord()
    {
        await using var host = await DiscordTestHost.StartAsync();

        await host.Notifier.NotifyAsync(new ChatAddress("discord", "1", "2", "not-ours"), ChatReply.Info("hi"), CancellationToken.None);

        Assert.Empty(host.Discord.Requests);
    }

    [Fact]
    public async Task Tokens_NeverAppearInLogs_EvenWhenFollowupsFail()
    {
        const string botToken = "MTIzNDU2Nzg5.bot-token-secret";
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:BotToken"] = botToken);
        host.Discord.Script("PUT", new FakeDiscordResponse(401, """{"message":"401: Unauthorized","code":0}"""));
        host.Discord.Script("PATCH", FakeDiscordResponse.NotFound(), FakeDiscordResponse.RateLimited(0.1), FakeDiscordResponse.TokenExpired());
        host.Bot.Reply = _ => ChatReply.Info("Published.");
        var interaction = DiscordPayloads.Post("text");

        await host.InteractAsync(interaction);
        await host.Discord.WaitForAsync(r => r.IsCommandRegistration);
        await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 3);
        await JobsEnded.WaitAsync(host.App.Services);

        var token = (string)interaction["token"]!;
        Assert.Equal(3, host.Discord.Requests.Count(r => r.IsEditOriginal));
        Assert.NotEmpty(host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(token, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(botToken, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains("/webhooks/", StringComparison.Ordinal));
    }
}
