using System.Text;
using System.Text.RegularExpressions;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Sandbox;
using Microsoft.Extensions.Options;

namespace LinkedInBot.ConsoleChat;

/// <summary>
/// Prints replies: the plain text, then each button as "Label: URL" (URLs in full, so terminals make them
/// clickable). In sandbox mode a published post's linkedin.com URL leads nowhere, so the sandbox feed is named too.
/// </summary>
public sealed partial class ConsoleReplyWriter(ConsoleTerminal terminal, IOptions<LinkedInOptions> linkedIn, IOptions<BotOptions> bot)
{
    public Task WriteAsync(ChatReply reply, CancellationToken cancellationToken) =>
        terminal.WriteAsync(Format(reply), cancellationToken);

    public Task WriteAsync(string text, CancellationToken cancellationToken) =>
        terminal.WriteAsync(text.TrimEnd() + Environment.NewLine + Environment.NewLine, cancellationToken);

    public string Format(ChatReply reply)
    {
        var body = reply.Text.TrimEnd();
        foreach (var button in reply.Buttons)
        {
            // Uri.ToString() unescapes (%20 becomes a space), and a terminal ends a link at the first space:
            // a URL written into the text that way is printed in its escaped form instead.
            var shown = button.Url.ToString();
            if (shown != button.Url.AbsoluteUri)
            {
                body = body.Replace(shown, button.Url.AbsoluteUri, StringComparison.Ordinal);
            }
        }

        var text = new StringBuilder(body);
        text.AppendLine();
        foreach (var button in reply.Buttons)
        {
            // The core usually writes the URL into the text as well; printing it twice adds nothing.
            if (!body.Contains(button.Url.AbsoluteUri, StringComparison.Ordinal))
            {
                text.Append(button.Label).Append(": ").AppendLine(button.Url.AbsoluteUri);
            }
        }

        if (linkedIn.Value.IsSandbox && LinkedInPostUrl().Match(body) is { Success: true } post)
        {
            text.Append("Sandbox: nothing went to LinkedIn, so that linkedin.com link leads nowhere. The post is on ")
                .AppendLine(SandboxRegistration.FeedUrl(bot.Value, post.Groups["urn"].Value).AbsoluteUri);
        }

        return text.AppendLine().ToString();
    }

    [GeneratedRegex(@"https://www\.linkedin\.com/feed/update/(?<urn>urn:li:(?:share|ugcPost):\d+)")]
    private static partial Regex LinkedInPostUrl();
}
