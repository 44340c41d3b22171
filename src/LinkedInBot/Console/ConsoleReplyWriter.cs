using System.Text;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.ConsoleChat;

/// <summary>
/// Prints replies: the plain text, then each button as "Label: URL" (URLs in full, so terminals make them
/// clickable).
/// </summary>
public sealed class ConsoleReplyWriter(ConsoleTerminal terminal)
{
    public Task WriteAsync(ChatReply reply, CancellationToken cancellationToken) =>
        terminal.WriteAsync(Format(reply), cancellationToken);

    /// <summary>A status line ("Uploading video… 40 %"), without the blank line that ends a reply.</summary>
    public Task WriteStatusAsync(string text, CancellationToken cancellationToken) =>
        terminal.WriteAsync(text.TrimEnd() + Environment.NewLine, cancellationToken);

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

        // A terminal has no buttons: the typed command that does the same is printed instead, when the text does not name it.
        foreach (var action in reply.Actions)
        {
            if (action.Command is { } command && !body.Contains(command, StringComparison.Ordinal))
            {
                text.Append(action.Label).Append(": ").AppendLine(command);
            }
        }

        return text.AppendLine().ToString();
    }
}
