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

    [Fact]
    public async Task Feed_ShowsHashtagsAsLinks_AndTheImageBelowTheTextAtFullWidth()
    {
        await using var server = await SandboxServer.StartAsync();
        var linkedIn = server.LinkedIn;
        var author = LinkedInBot.Sandbox.SandboxMember.FromName("Ada Lovelace");
        var image = linkedIn.RegisterImage(author.Urn);
        linkedIn.StoreImageBytes(image.Id, TestImages.Png(), "image/png");
        linkedIn.CreatePost(author, "Hi {hashtag|\\#|demo}", "Hi #demo (#Ship_it) not#tag", "PUBLIC", image.Id, null);

        var feed = await server.Client.GetStringAsync("/sandbox/feed");

        Assert.Contains("""<a class="hashtag" href="https://www.linkedin.com/feed/hashtag/demo/">#demo</a>""", feed, StringComparison.Ordinal);
        Assert.Contains("""<a class="hashtag" href="https://www.linkedin.com/feed/hashtag/ship_it/">#Ship_it</a>""", feed, StringComparison.Ordinal);
        Assert.Contains("not#tag", feed, StringComparison.Ordinal);

        // Not inside the text block (pre-wrapped, inline): its own block, the post's full width, as LinkedIn lays it out.
        var text = feed.IndexOf("<div class=\"post\">Hi ", StringComparison.Ordinal);
        var textEnd = feed.IndexOf("</div>", text, StringComparison.Ordinal);
        var img = feed.IndexOf("<img class=\"post-image\"", StringComparison.Ordinal);
        Assert.True(text >= 0 && img > textEnd, feed);
        Assert.Contains(".post-image{display:block;width:100%", feed, StringComparison.Ordinal);
    }
}
