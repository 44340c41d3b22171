using System.Net;
using System.Text.RegularExpressions;

namespace LinkedInBot.Tests.Support;

/// <summary>
/// Reads the one-time code off the callback page (<c>id="link-code"</c>), the way a person reads it before sending
/// <c>/link &lt;code&gt;</c> from their chat. Every test that links an account through the callback goes through here.
/// </summary>
public static partial class LinkCodePage
{
    public static string CodeFrom(string html)
    {
        var match = CodeElement().Match(html);
        Assert.True(match.Success, "The callback page shows no element with id=\"link-code\".");
        return WebUtility.HtmlDecode(match.Groups["code"].Value).Trim();
    }

    public static async Task<string> CodeFromAsync(HttpResponseMessage page)
    {
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        return CodeFrom(await page.Content.ReadAsStringAsync());
    }

    /// <summary>The page's one-tap Telegram button (<c>https://t.me/&lt;bot&gt;?start=&lt;code&gt;</c>), or null.</summary>
    public static Uri? TelegramButton(string html)
    {
        var match = TelegramLink().Match(html);
        return match.Success ? new Uri(WebUtility.HtmlDecode(match.Groups["url"].Value)) : null;
    }

    [GeneratedRegex("href=\"(?<url>https://t\\.me/[^\"]*)\"")]
    private static partial Regex TelegramLink();

    [GeneratedRegex("""id="link-code"[^>]*>(?<code>[^<]*)<""")]
    private static partial Regex CodeElement();
}
