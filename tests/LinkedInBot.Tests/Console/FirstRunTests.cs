using System.Net;
using System.Text.RegularExpressions;
using LinkedInBot.Tests.Sandbox;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>
/// The issue's promise: on a fresh machine, the bot with no configuration is a console chat against the LinkedIn
/// sandbox, and /link, /post, /status work end to end.
/// </summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task BuiltBot_WithNoConfigurationAndPipedInput_LinksPostsAndShowsThePostOnTheSandboxFeed()
    {
        using var folder = new TempDirectory();
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        using var bot = BotProcess.Start(
            folder.Path,
            "--Urls", baseUrl,
            "--Bot:PublicBaseUrl", baseUrl,
            "--Storage:ConnectionString", $"Data Source={folder.DatabaseFile}",
            "--Storage:KeysDirectory", folder.KeysDirectory);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        await bot.WaitForAsync("Quit with Ctrl+C");
        var banner = bot.Stdout;
        Assert.Contains("SANDBOX — nothing is published to LinkedIn.", banner, StringComparison.Ordinal);
        Assert.Contains($"{baseUrl}/sandbox/feed", banner, StringComparison.Ordinal);

        await bot.TypeAsync("/link");
        var consentUrl = new Uri(ConsentUrl().Match(await bot.WaitForAsync($"{baseUrl}/sandbox/linkedin/oauth/v2/authorization?")).Value);

        var callback = await ConsentForm.SubmitAsync(browser, consentUrl, "allow");
        Assert.StartsWith($"{baseUrl}/auth/linkedin/callback?", callback.AbsoluteUri, StringComparison.Ordinal);
        using var callbackPage = await browser.GetAsync(callback);
        var code = await LinkCodePage.CodeFromAsync(callbackPage);
        await bot.TypeAsync("/link " + code);
        await bot.WaitForAsync("Linked as Ada Lovelace.");

        await bot.TypeAsync("/post Hello (world) #demo");
        var published = await bot.WaitForAsync($"Published on LinkedIn: {baseUrl}/sandbox/feed#share-");
        var postUrl = new Uri(Regex.Match(published, $@"{Regex.Escape(baseUrl)}/sandbox/feed#share-\d+").Value);

        var feed = WebUtility.HtmlDecode(await browser.GetStringAsync(postUrl.GetLeftPart(UriPartial.Query)));
        Assert.Contains("<div class=\"post\">Hello (world) <a class=\"hashtag\" href=\"https://www.linkedin.com/feed/hashtag/demo/\">#demo</a>", feed, StringComparison.Ordinal);
        Assert.Contains($"id=\"{postUrl.Fragment.TrimStart('#')}\"", feed, StringComparison.Ordinal);

        await bot.TypeAsync("/status");
        await bot.WaitForAsync("Linked as Ada Lovelace. The link expires in 59 days");

        bot.EndInput();
        Assert.Equal(0, await bot.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("End of input: the bot stops.", bot.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(LogLine(), bot.Stdout);

        // Said once, in the banner: not repeated by a log line in the middle of the chat.
        Assert.DoesNotContain("SANDBOX — nothing is published to LinkedIn.", bot.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Regex.Count(bot.Stdout, "SANDBOX — nothing is published"));

        // The log file of the chat keeps secrets out like every log: not the callback's code or state.
        var logFile = Path.Combine(folder.Path, "console.log");
        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("info LinkedInBot.Sandbox: SANDBOX — nothing is published", log, StringComparison.Ordinal);
        foreach (var secret in System.Web.HttpUtility.ParseQueryString(callback.Query) is var query ? new[] { query["code"]!, query["state"]!, code } : [])
        {
            Assert.DoesNotContain(secret, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task BuiltBot_StartedLikeDotnetRun_FindsARelativeImageInTheFolderTheCommandRanFrom()
    {
        // dotnet run --project src/LinkedInBot starts the bot in the project's folder; the shell's PWD still names the
        // folder the person typed the command in, where their photo is.
        using var folder = new TempDirectory();
        var projectFolder = Directory.CreateDirectory(Path.Combine(folder.Path, "project")).FullName;
        var typedIn = Directory.CreateDirectory(Path.Combine(folder.Path, "home")).FullName;
        await File.WriteAllBytesAsync(Path.Combine(typedIn, "photo.png"), TestImages.Png());
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        using var bot = BotProcess.Start(
            projectFolder,
            new Dictionary<string, string> { ["PWD"] = typedIn },
            "--Urls", baseUrl,
            "--Storage:ConnectionString", $"Data Source={folder.DatabaseFile}",
            "--Storage:KeysDirectory", folder.KeysDirectory);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        await bot.WaitForAsync("Quit with Ctrl+C");
        await bot.TypeAsync("/link");
        var consentUrl = new Uri(ConsentUrl().Match(await bot.WaitForAsync($"{baseUrl}/sandbox/linkedin/oauth/v2/authorization?")).Value);
        using var callbackPage = await browser.GetAsync(await ConsentForm.SubmitAsync(browser, consentUrl, "allow"));
        await bot.TypeAsync("/link " + await LinkCodePage.CodeFromAsync(callbackPage));
        await bot.WaitForAsync("Linked as Ada Lovelace.");

        await bot.TypeAsync("/post --image photo.png A red dot");

        await bot.WaitForAsync($"Published on LinkedIn: {baseUrl}/sandbox/feed#share-");
        Assert.DoesNotContain("There is no file", bot.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuiltBot_ConsoleChat_KeepsAWarningOutOfTheTerminal_AndWritesItToTheLogFileTheBannerNames()
    {
        // A Bot:PublicBaseUrl on this machine but another port: the bot warns at start-up, while the chat starts.
        using var folder = new TempDirectory();
        var port = FreePort.Next();
        using var bot = BotProcess.Start(
            folder.Path,
            "--Urls", $"http://127.0.0.1:{port}",
            "--Bot:PublicBaseUrl", $"http://127.0.0.1:{(port == 65535 ? port - 1 : port + 1)}",
            "--Storage:ConnectionString", $"Data Source={folder.DatabaseFile}",
            "--Storage:KeysDirectory", folder.KeysDirectory);
        var logFile = Path.Combine(folder.Path, "console.log");

        await bot.WaitForAsync("Quit with Ctrl+C");
        await bot.TypeAsync("/help");
        await bot.WaitForAsync("/post");
        bot.EndInput();
        Assert.Equal(0, await bot.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains($"Log: {logFile} (warnings and errors go there, not into this chat).", bot.Stdout, StringComparison.Ordinal);
        Assert.Equal("", bot.Stderr);
        Assert.DoesNotContain("Bot:PublicBaseUrl", bot.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch(LogLine(), bot.Stdout);
        var log = await File.ReadAllTextAsync(logFile);
        Assert.Contains("warn LinkedInBot.StartupNotices: Bot:PublicBaseUrl", log, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(logFile));
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/sandbox/linkedin/oauth/v2/authorization\?\S+")]
    private static partial Regex ConsentUrl();

    /// <summary>The console logger's line prefix ("info: Category[0]").</summary>
    [GeneratedRegex(@"(?m)^(trce|dbug|info|warn|fail|crit): ")]
    private static partial Regex LogLine();
}
