using System.Net;
using System.Text.RegularExpressions;
using LinkedInBot.Tests.Sandbox;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>The first-run conversation in-process: console chat, sandbox consent, real LinkedIn client, real SQLite.</summary>
public sealed class SandboxFlowTests
{
    [Fact]
    public async Task LinkPostStatus_GoThroughTheSandbox_AndThePostShowsOnTheFeedAsTyped()
    {
        await using var bot = await ConsoleBot.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var callback = await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow", "Grace Hopper");
        using var page = await browser.GetAsync(callback);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Linked as Grace Hopper", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bot.Terminal.WaitForAsync("Linked as Grace Hopper.");

        bot.Terminal.Type(@"/post Hello (world) #demo — C# \o/ [x] <b>");
        var published = await bot.Terminal.WaitForAsync("Published on LinkedIn: https://www.linkedin.com/feed/update/urn:li:share:");
        var share = Regex.Match(published, @"urn:li:share:(\d+)").Groups[1].Value;
        await bot.Terminal.WaitForAsync($"{bot.BaseUrl}/sandbox/feed#share-{share}");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        Assert.Contains(@"<div class=""post"">Hello (world) #demo — C# \o/ [x] <b>", WebUtility.HtmlDecode(feed), StringComparison.Ordinal);
        Assert.DoesNotContain("<b>", feed, StringComparison.Ordinal);
        Assert.Contains("Grace Hopper", feed, StringComparison.Ordinal);

        bot.Terminal.Type("/status");
        await bot.Terminal.WaitForAsync("Linked as Grace Hopper. The link expires in 59 days");
    }

    [Fact]
    public async Task Cancel_OnTheConsentPage_EndsInACancelledPageAndMessage()
    {
        await using var bot = await ConsoleBot.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var callback = await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "cancel");
        using var page = await browser.GetAsync(callback);

        Assert.Contains("Linking cancelled", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await bot.Terminal.WaitForAsync("LinkedIn linking was cancelled.");
        bot.Terminal.Type("/post too early");
        await bot.Terminal.WaitForAsync("No LinkedIn account is linked yet.");
    }

    [Fact]
    public async Task PostWithImage_UploadsToTheSandbox_AndTheFeedShowsThePicture()
    {
        await using var bot = await ConsoleBot.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var callback = await browser.GetAsync(await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow"));
        await bot.Terminal.WaitForAsync("Linked as Ada Lovelace.");
        var photo = Path.Combine(bot.FolderPath, "dot.png");
        await File.WriteAllBytesAsync(photo, TestImages.Png());

        bot.Terminal.Type($"/post --image {photo} A dot");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        var feed = await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed");
        var src = Regex.Match(feed, "<img src=\"(?<src>/sandbox/linkedin/media/[^\"]+)\"").Groups["src"].Value;
        Assert.NotEmpty(src);
        Assert.Equal(TestImages.Png(), await browser.GetByteArrayAsync(bot.BaseUrl + src));
    }

    [Fact]
    public async Task Unlink_RevokesTheSandboxToken_AndStatusSaysNothingIsLinked()
    {
        await using var bot = await ConsoleBot.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var callback = await browser.GetAsync(await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow"));
        await bot.Terminal.WaitForAsync("Linked as Ada Lovelace.");

        bot.Terminal.Type("/unlink");
        await bot.Terminal.WaitForAsync("Unlinked Ada Lovelace.");
        bot.Terminal.Type("/status");
        await bot.Terminal.WaitForAsync("No LinkedIn account is linked.");
    }

    [Fact]
    public async Task SameTextPostedTwice_TheSandboxAnswersDuplicate_AndTheBotRepliesWithTheFirstPost()
    {
        await using var bot = await ConsoleBot.StartAsync();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var callback = await browser.GetAsync(await ConsentForm.SubmitAsync(browser, await bot.LinkAsync(), "allow"));
        await bot.Terminal.WaitForAsync("Linked as Ada Lovelace.");

        bot.Terminal.Type("/post Twice");
        var first = Regex.Match(await bot.Terminal.WaitForAsync("Published on LinkedIn:"), @"urn:li:share:\d+").Value;
        bot.Terminal.Type("/post Twice");
        await Eventually.TrueAsync(
            () => Task.FromResult(Regex.Count(bot.Terminal.Output, "Published on LinkedIn: ") == 2),
            "the second /post is answered");

        Assert.Equal(2, Regex.Count(bot.Terminal.Output, Regex.Escape($"Published on LinkedIn: https://www.linkedin.com/feed/update/{first}/")));
        Assert.Equal(1, Regex.Count(await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed"), "<article "));
    }
}
