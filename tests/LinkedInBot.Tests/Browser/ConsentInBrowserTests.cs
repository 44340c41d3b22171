using LinkedInBot.Tests.ConsoleChat;

namespace LinkedInBot.Tests.Browser;

/// <summary>The newcomer's path in a real browser: the consent page, Allow, the callback page, the sandbox feed.</summary>
public sealed class ConsentInBrowserTests
{
    [ChromiumFact]
    public async Task AllowInChromium_LinksTheChatUser_AndThePostAppearsOnTheFeed()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();

        await chromium.NavigateAsync(await bot.LinkAsync());
        Assert.Contains("LinkedInBot would like to access your LinkedIn account", await chromium.TextAsync("document.body.innerText"), StringComparison.Ordinal);
        await chromium.EvaluateAsync("document.getElementById('member_name').value = 'Grace Hopper'");
        await chromium.EvaluateAsync("document.querySelector('button[value=allow]').click()");

        await chromium.WaitUntilAsync(
            "location.pathname === '/auth/linkedin/callback' && document.readyState === 'complete' && document.querySelector('h1')",
            "the browser lands on the bot's callback page");
        Assert.Equal("One more step: send this code", await chromium.TextAsync("document.querySelector('h1').innerText"));
        bot.Terminal.Type("/link " + await chromium.TextAsync("document.getElementById('link-code').innerText"));
        await bot.Terminal.WaitForAsync("Linked as Grace Hopper.");

        bot.Terminal.Type("/post Hello (world) #demo");
        await bot.Terminal.WaitForAsync("Published on LinkedIn:");

        await chromium.NavigateAsync(new Uri(bot.BaseUrl + "/sandbox/feed"));
        var posts = (await chromium.EvaluateAsync("[...document.querySelectorAll('article > .post')].map(p => p.textContent)"))!.AsArray();
        Assert.Equal("Hello (world) #demo", Assert.Single(posts)!.GetValue<string>());
        Assert.Equal("#demo", await chromium.TextAsync("document.querySelector('article > .post a.hashtag').innerText"));
        Assert.Contains("Grace Hopper", await chromium.TextAsync("document.querySelector('article').innerText"), StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task CancelInChromium_ShowsTheCancelledPage()
    {
        await using var bot = await ConsoleBot.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync();

        await chromium.NavigateAsync(await bot.LinkAsync());
        await chromium.EvaluateAsync("document.querySelector('button[value=cancel]').click()");

        await chromium.WaitUntilAsync(
            "location.pathname === '/auth/linkedin/callback' && document.readyState === 'complete' && document.querySelector('h1')",
            "the browser lands on the bot's callback page");
        Assert.Equal("Linking cancelled", await chromium.TextAsync("document.querySelector('h1').innerText"));
        await bot.Terminal.WaitForAsync("LinkedIn linking was cancelled.");
    }
}
