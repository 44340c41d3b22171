using System.Text.RegularExpressions;
using LinkedInBot.Tests.Sandbox;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>Issue 13 in the console against the sandbox: the published answer names the post's number for /delete and /edit.</summary>
public sealed class ConsolePostControlTests
{
    [Fact]
    public async Task PublishedPost_NamesItsNumber_ThenEditAndDeleteByNumber_ChangeTheSandboxFeed()
    {
        await using var bot = await ConsoleBot.StartAsync(LinkedInBot.Core.StorageProvider.Sqlite);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.LinkThroughSandboxAsync(browser);

        bot.Terminal.Type("/post Helo sandbox");
        await bot.Terminal.WaitForAsync(" takes it down, /edit ");
        var number = Regex.Match(bot.Terminal.Output, @"Post (\d+): /delete \1 takes it down, /edit \1 <new text> changes it\.").Groups[1].Value;
        Assert.NotEmpty(number);

        bot.Terminal.Type($"/edit {number} Hello sandbox");
        await bot.Terminal.WaitForAsync("Updated the post on LinkedIn");
        Assert.Contains("Hello sandbox", await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed"), StringComparison.Ordinal);

        bot.Terminal.Type("/posts");
        await bot.Terminal.WaitForAsync(" · edited");

        bot.Terminal.Type($"/delete {number}");
        await bot.Terminal.WaitForAsync($"Deleted from LinkedIn (post {number}).");
        Assert.DoesNotContain("Hello sandbox", await browser.GetStringAsync($"{bot.BaseUrl}/sandbox/feed"), StringComparison.Ordinal);
    }
}
