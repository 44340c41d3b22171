using System.Net;
using System.Text.RegularExpressions;
using LinkedInBot.ConsoleChat;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Sandbox;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>
/// The first-run conversation in-process: console chat, sandbox consent, real LinkedIn client, real SQLite;
/// <see cref="SandboxFlowTestsOnPostgreSQL"/> runs it again on PostgreSQL.
/// </summary>
public class SandboxFlowTests
{
    protected virtual LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.Sqlite;

    [StoreFact]
    public async Task LinkPostStatus_GoThroughTheSandbox_AndThePostShowsOnTheFeedAsTyped()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var callback = await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow", "Grace Hopper");
        using var page = await browser.GetAsync(callback);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("You signed in to LinkedIn as Grace Hopper", html, StringComparison.Ordinal);
        var code = LinkCodePage.CodeFrom(html);
        Assert.Contains("Send: /link " + code, html, StringComparison.Ordinal);
        bot.Terminal.Type("/link " + code);
        await bot.Terminal.WaitForAsync("Linked as Grace Hopper.");

        bot.Terminal.Type(@"/post Hello (world) #demo — C# \o/ [x] <b>");
        await bot.Terminal.WaitForAsync($"Published on LinkedIn: {bot.BaseUrl}/sandbox/feed#share-");
        Assert.DoesNotContain("linkedin.com", bot.Terminal.Output, StringComparison.Ordinal);

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.Contains(@"<div class=""post"">Hello (world) <a class=""hashtag"" href=""https://www.linkedin.com/feed/hashtag/demo/"">#demo</a> — C# \o/ [x] <b>", WebUtility.HtmlDecode(feed), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", feed, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", feed, StringComparison.Ordinal);

        bot.Terminal.Type("/status");
        await bot.Terminal.WaitForAsync("Linked as Grace Hopper. The link expires in 59 days");
    }

    [StoreFact]
    public async Task Pages_InTheSandbox_TheMemberPostsAsSandboxInc_AndTheFeedShowsThePageAsAuthor()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider, s => s["LinkedIn:EnablePages"] = "true");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var callback = await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow", "Grace Hopper");
        using var page = await browser.GetAsync(callback);
        bot.Terminal.Type("/link " + LinkCodePage.CodeFrom(await page.Content.ReadAsStringAsync()));
        await bot.Terminal.WaitForAsync("You may also post as: Sandbox Inc.");

        bot.Terminal.Type("/pages");
        await bot.Terminal.WaitForAsync("1. Sandbox Inc. (sandbox-inc)");
        bot.Terminal.Type("/as 1");
        await bot.Terminal.WaitForAsync("In this chat you now post as Sandbox Inc.");
        bot.Terminal.Type("/post News from the page");
        await bot.Terminal.WaitForAsync($"Published on LinkedIn as Sandbox Inc.: {bot.BaseUrl}/sandbox/feed#share-");

        var feed = WebUtility.HtmlDecode(await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed"));
        Assert.Contains("<p><strong>Sandbox Inc.</strong>", feed, StringComparison.Ordinal);
        Assert.Contains("News from the page", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("<strong>Grace Hopper</strong>", feed, StringComparison.Ordinal);

        // Files are uploaded with the page as owner too: the sandbox takes a document of the page it administers.
        var deck = Path.Combine(bot.FolderPath, "Page deck.pdf");
        await File.WriteAllBytesAsync(deck, TestDocuments.Pdf(pages: 2));
        var before = bot.Terminal.Output.Length;
        bot.Terminal.Type($"/post --document \"{deck}\" The page's deck");
        await Eventually.TrueAsync(() => Task.FromResult(bot.Terminal.Output[before..].Contains("Published on LinkedIn as Sandbox Inc.: ", StringComparison.Ordinal)), "the document is published as the page");
        feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.Contains("<strong class=\"article-title\">Page deck</strong>", feed, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Post_InSandboxMode_RepliesWithALinkAndButtonToThePostOnTheSandboxFeed()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        var request = bot.App.Services.GetRequiredService<ConsoleRequests>().Parse("/post Linked from the reply", out _)!;
        var replies = new List<ChatReply>();

        await bot.App.Services.GetRequiredService<IChatBot>().HandleAsync(
            request,
            (reply, _) =>
            {
                replies.Add(reply);
                return Task.CompletedTask;
            },
            CancellationToken.None);

        var published = Assert.Single(replies);
        var button = Assert.Single(published.Buttons);
        Assert.StartsWith($"{bot.BaseUrl}/sandbox/feed#share-", button.Url.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains(button.Url.AbsoluteUri, published.Text, StringComparison.Ordinal);
        var feed = await browser.GetStringAsync(button.Url.GetLeftPart(UriPartial.Query));
        Assert.Contains($"id=\"{button.Url.Fragment.TrimStart('#')}\"", feed, StringComparison.Ordinal);
        Assert.Contains("Linked from the reply", feed, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Cancel_OnTheConsentPage_EndsInACancelledPageAndMessage()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var callback = await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "cancel");
        using var page = await browser.GetAsync(callback);

        Assert.Contains("Linking cancelled", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bot.Terminal.WaitForAsync("LinkedIn linking was cancelled.");
        bot.Terminal.Type("/post too early");
        await bot.Terminal.WaitForAsync("No LinkedIn account is linked yet.");
    }

    [StoreFact]
    public async Task PostWithImage_UploadsToTheSandbox_AndTheFeedShowsThePicture()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        var photo = Path.Combine(bot.FolderPath, "dot.png");
        await File.WriteAllBytesAsync(photo, TestImages.Png());

        bot.Terminal.Type($"/post --image {photo} A dot");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        var src = Regex.Match(feed, "<img class=\"post-image\" src=\"(?<src>/sandbox/linkedin/media/[^\"]+)\"").Groups["src"].Value;
        Assert.NotEmpty(src);
        Assert.Equal(TestImages.Png(), await browser.GetByteArrayAsync(bot.BaseUrl + src));
    }

    [StoreFact]
    public async Task PostWithTwoImages_IsOneMultiImagePost_AndTheFeedShowsBothInOrder()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        byte[] first = [.. TestImages.Png(), 1];
        byte[] second = [.. TestImages.Png(), 2];
        await File.WriteAllBytesAsync(Path.Combine(bot.FolderPath, "a.png"), first);
        await File.WriteAllBytesAsync(Path.Combine(bot.FolderPath, "b.png"), second);

        bot.Terminal.Type($"/post --image {Path.Combine(bot.FolderPath, "a.png")} --image \"{Path.Combine(bot.FolderPath, "b.png")}\" Two dots");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        var grid = Regex.Match(feed, "<div class=\"image-grid\">(?<images>.*?)</div>");
        Assert.True(grid.Success, feed);
        var sources = Regex.Matches(grid.Groups["images"].Value, "src=\"(?<src>/sandbox/linkedin/media/[^\"]+)\"").Select(m => m.Groups["src"].Value).ToList();
        Assert.Equal(2, sources.Count);
        Assert.Equal(first, await browser.GetByteArrayAsync(bot.BaseUrl + sources[0]));
        Assert.Equal(second, await browser.GetByteArrayAsync(bot.BaseUrl + sources[1]));
        Assert.Contains("<div class=\"post\">Two dots</div>", feed, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PostWithADocument_ShowsItsTitleOnTheFeed()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        var deck = Path.Combine(bot.FolderPath, "Quarterly deck.pdf");
        await File.WriteAllBytesAsync(deck, TestDocuments.Pdf(pages: 3));

        bot.Terminal.Type($"/post --document \"{deck}\" Our quarter in three pages");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.Contains("<div class=\"article-card document-card\"><strong class=\"article-title\">Quarterly deck</strong>", feed, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PostWithADocumentAndAnImage_IsRefusedBeforeAnyUpload()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        await File.WriteAllBytesAsync(Path.Combine(bot.FolderPath, "a.png"), TestImages.Png());
        await File.WriteAllBytesAsync(Path.Combine(bot.FolderPath, "d.pdf"), TestDocuments.Pdf(pages: 1));

        bot.Terminal.Type($"/post --image {Path.Combine(bot.FolderPath, "a.png")} --document {Path.Combine(bot.FolderPath, "d.pdf")} Both");
        await bot.Terminal.WaitForAsync(AttachmentReplies.CannotMix);

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.DoesNotContain("Both", feed, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PostWithVideo_PrintsProgress_AndTheFeedPlaysTheSameBytes()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        var clip = Path.Combine(bot.FolderPath, "launch clip.mp4");
        var video = TestVideos.Mp4(LinkedInBot.Sandbox.SandboxVideos.PartSize + 200_000);
        await File.WriteAllBytesAsync(clip, video);

        bot.Terminal.Type($"/post --video \"{clip}\" Our launch #video");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var output = bot.Terminal.Output;
        Assert.True(output.IndexOf("Uploading video… 0 %", StringComparison.Ordinal) < output.IndexOf(LinkedInBot.Core.Chat.VideoReplies.Processing, StringComparison.Ordinal));
        Assert.True(output.IndexOf(LinkedInBot.Core.Chat.VideoReplies.Ready, StringComparison.Ordinal) < output.IndexOf("Published on LinkedIn:", StringComparison.Ordinal));
        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        var src = Regex.Match(feed, "<video class=\"post-image\" controls preload=\"metadata\" src=\"(?<src>/sandbox/linkedin/media/video/[^\"]+)\"").Groups["src"].Value;
        Assert.NotEmpty(src);
        Assert.Equal(video, await browser.GetByteArrayAsync(bot.BaseUrl + src));
    }

    [StoreFact]
    public async Task PostWithATooSmallVideo_IsRefusedBeforeAnyUpload()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        var clip = Path.Combine(bot.FolderPath, "tiny.mp4");
        await File.WriteAllBytesAsync(clip, TestVideos.Mp4(10_000));

        bot.Terminal.Type($"/post --video {clip} Tiny");

        await bot.Terminal.WaitForAsync("\"tiny.mp4\": The video is 9.8 KB; LinkedIn takes videos from 75 KB to 500 MB. Nothing was published.");
        Assert.DoesNotContain("Uploading video", bot.Terminal.Output, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task PostWithALink_ShowsTheArticleCardOnTheFeed_WithTheThumbnailByteForByte()
    {
        await using var pages = await LinkedInBot.Tests.Fakes.FakePageServer.StartAsync();
        pages.Html("/release", """
            <html><head><meta property="og:title" content="Release 2.0 &amp; more"><meta property="og:description" content="What changed">
            <meta property="og:image" content="/cover.png"></head></html>
            """);
        pages.Bytes("/cover.png", "image/png", TestImages.Png());
        await using var bot = await ConsoleBot.StartAsync(Provider, s => s["LinkPreview:AllowPrivateNetworks"] = "true");
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);

        bot.Terminal.Type($"/post Out now: {pages.BaseUrl}/release");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        var card = Regex.Match(feed, "<a class=\"article-card\" href=\"(?<href>[^\"]+)\"[^>]*><img class=\"post-image\" src=\"(?<src>/sandbox/linkedin/media/[^\"]+)\"");
        Assert.True(card.Success, feed);
        Assert.Equal(pages.BaseUrl + "/release", WebUtility.HtmlDecode(card.Groups["href"].Value));
        Assert.Contains("<strong class=\"article-title\">Release 2.0 &amp; more</strong>", feed, StringComparison.Ordinal);
        Assert.Contains("What changed", feed, StringComparison.Ordinal);
        Assert.Equal(TestImages.Png(), await browser.GetByteArrayAsync(bot.BaseUrl + card.Groups["src"].Value));
    }

    [StoreFact]
    public async Task Unlink_RevokesTheSandboxToken_AndStatusSaysNothingIsLinked()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);

        bot.Terminal.Type("/unlink");
        await bot.Terminal.WaitForAsync("Unlinked Ada Lovelace.");
        bot.Terminal.Type("/status");
        await bot.Terminal.WaitForAsync("No LinkedIn account is linked.");
    }

    [StoreFact]
    public async Task Forget_ListsWhatItDeletes_ThenForgetYesDeletesTheLinkAndThePostHistory()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);
        bot.Terminal.Type("/post Something to forget");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        bot.Terminal.Type("/forget");
        await bot.Terminal.WaitForAsync("To delete it, send /forget yes.");
        Assert.Contains("your LinkedIn link (Ada Lovelace), revoked at LinkedIn too", bot.Terminal.Output, StringComparison.Ordinal);
        Assert.Contains("1 post in the bot's history", bot.Terminal.Output, StringComparison.Ordinal);

        bot.Terminal.Type("/forget yes");
        await bot.Terminal.WaitForAsync("Done: the bot deleted everything it kept about you:");
        bot.Terminal.Type("/status");
        await bot.Terminal.WaitForAsync("No LinkedIn account is linked.");
    }

    [StoreFact]
    public async Task SameTextPostedTwice_TheSandboxAnswersDuplicate_AndTheBotRepliesWithTheFirstPost()
    {
        await using var bot = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);

        bot.Terminal.Type("/post Twice");
        var first = Regex.Match(await bot.Terminal.WaitForAsync("Published on LinkedIn:"), @"share-\d+").Value;
        bot.Terminal.Type("/post Twice");
        var second = await bot.Terminal.WaitForAsync("Already published:");

        // The 422 DUPLICATE_POST path links to the first post on the sandbox feed, and says nothing new was posted.
        Assert.Contains($"{bot.BaseUrl}/sandbox/feed#{first}", second, StringComparison.Ordinal);
        Assert.Contains("nothing new was posted", second, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(bot.Terminal.Output, "Published on LinkedIn: "));
        Assert.Equal(1, Regex.Count(await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed"), "<article "));
    }
}

/// <summary>The same first run with the bot's database on PostgreSQL.</summary>
public sealed class SandboxFlowTestsOnPostgreSQL : SandboxFlowTests, IRunsOnPostgreSQL
{
    protected override LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.PostgreSQL;

    [StoreFact]
    public async Task AfterARestart_TheSandboxStillKnowsItsTokensAndPosts_SoTheLinkKeepsWorking()
    {
        var first = await ConsoleBot.StartAsync(Provider);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await first.LinkThroughSandboxAsync(browser);
        first.Terminal.Type("/post Before the restart");
        var number = Regex.Match(await first.Terminal.WaitForAsync("Published on LinkedIn:"), @"Post (\d+):").Groups[1].Value;
        Assert.NotEmpty(number);
        first.Terminal.Type($"/edit {number} Edited before the restart");
        await first.Terminal.WaitForAsync("Updated the post on LinkedIn");

        await using var bot = await first.RestartAsync();
        bot.Terminal.Type("/post After the restart");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");
        Assert.DoesNotContain("expired or revoked", bot.Terminal.Output, StringComparison.Ordinal);

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.Contains("After the restart", feed, StringComparison.Ordinal);

        // An edit is kept too: the feed shows the new text, not the one first posted.
        Assert.Contains("Edited before the restart", feed, StringComparison.Ordinal);
        Assert.DoesNotContain("Before the restart", feed, StringComparison.Ordinal);
    }
}
