using System.Net;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Sandbox;

public sealed class SandboxFeedPageTests
{
    [Fact]
    public async Task EmptyFeed_WithTelegramAndDiscord_NamesTheCommandsAsEachPlatformSpellsThem()
    {
        using var telegram = new RecordingNotifier("telegram");
        using var discord = new RecordingNotifier("discord");
        await using var server = await SandboxServer.StartAsync(builder =>
        {
            builder.Services.AddSingleton<IChatNotifier>(telegram);
            builder.Services.AddSingleton<IChatNotifier>(discord);
            builder.Services.AddSingleton(new CommandNames("discord", "/linkedin link", "/linkedin post", "/linkedin unlink", "/linkedin status", "usage"));
        });

        var feed = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/sandbox/feed"));

        Assert.Contains(
            "No posts yet. In the chat, link your LinkedIn account, allow the sandbox, then post your text (/linkedin link then /linkedin post on Discord; /link then /post on Telegram).",
            feed,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFeed_WithDiscordOnly_NamesOnlyDiscordsCommands()
    {
        using var discord = new RecordingNotifier("discord");
        await using var server = await SandboxServer.StartAsync(builder =>
        {
            builder.Services.AddSingleton<IChatNotifier>(discord);
            builder.Services.AddSingleton(new CommandNames("discord", "/linkedin link", "/linkedin post", "/linkedin unlink", "/linkedin status", "usage"));
        });

        var feed = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/sandbox/feed"));

        Assert.Contains("In the chat, send /linkedin link, allow the sandbox, then send /linkedin post followed by your text.", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("/link,", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyFeed_WithoutAnyChat_NamesNoCommand()
    {
        await using var server = await SandboxServer.StartAsync();

        var feed = WebUtility.HtmlDecode(await server.Client.GetStringAsync("/sandbox/feed"));

        Assert.Contains("No posts yet. In the chat, link your LinkedIn account, allow the sandbox, then post your text.", feed, StringComparison.Ordinal);
    }
}
