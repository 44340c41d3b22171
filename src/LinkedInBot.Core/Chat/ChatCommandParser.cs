namespace LinkedInBot.Core.Chat;

/// <summary>Parses the slash-command syntax shared by Telegram and the console: <c>/post@BotName text</c>.</summary>
public static class ChatCommandParser
{
    private static readonly Dictionary<string, ChatCommand> Commands = new(StringComparer.OrdinalIgnoreCase)
    {
        ["start"] = ChatCommand.Start,
        ["help"] = ChatCommand.Help,
        ["link"] = ChatCommand.Link,
        ["post"] = ChatCommand.Post,
        ["unlink"] = ChatCommand.Unlink,
        ["status"] = ChatCommand.Status,
        ["forget"] = ChatCommand.Forget,
        ["delete"] = ChatCommand.Delete,
        ["edit"] = ChatCommand.Edit,
        ["posts"] = ChatCommand.Posts,
        ["schedule"] = ChatCommand.Schedule,
        ["timezone"] = ChatCommand.TimeZone,
        ["queue"] = ChatCommand.Queue,
        ["cancel"] = ChatCommand.Cancel,
        ["draft"] = ChatCommand.Draft,
        ["settings"] = ChatCommand.Settings,
        ["pages"] = ChatCommand.Pages,
        ["as"] = ChatCommand.As,
        ["approval"] = ChatCommand.Approval,
    };

    /// <summary>The commands of company pages and team approval (issue 14): in menus only with <c>LinkedIn:EnablePages</c>.</summary>
    public static IReadOnlySet<string> PageCommands { get; } = new HashSet<string>(StringComparer.Ordinal) { "pages", "as", "approval" };

    /// <summary>The commands with their one-line descriptions, for menus (Telegram setMyCommands) and /help.</summary>
    public static IReadOnlyList<(string Name, string Description)> Menu { get; } =
    [
        ("post", "Publish text (or reply /post to a message or photo)"),
        ("draft", "Preview a post, then publish or schedule it"),
        ("schedule", "Publish later: /schedule tomorrow 9:00 text"),
        ("queue", "Your scheduled posts"),
        ("cancel", "Cancel a scheduled post: /cancel <number>"),
        ("posts", "Your last 10 posts"),
        ("edit", "Reply /edit <new text> to a published post"),
        ("delete", "Reply /delete to a published post"),
        ("timezone", "Your time zone: /timezone Europe/Berlin"),
        ("settings", "Preview every /post first, or not"),
        ("pages", "Company pages you may post as"),
        ("as", "Post as a page: /as <name or number>, /as me"),
        ("approval", "In a group: /approval on <page>, /approval off"),
        ("link", "Connect your LinkedIn account"),
        ("status", "Show your linked account"),
        ("unlink", "Disconnect your LinkedIn account"),
        ("forget", "Delete everything the bot keeps about you"),
        ("help", "How to use this bot"),
        ("start", "Welcome"),
    ];

    /// <summary>
    /// Recognises <c>/command[@bot] [argument]</c>. A command addressed to another bot
    /// (<c>/post@OtherBot</c>) is not ours: returns false. <paramref name="botUsername"/> may be null
    /// when the platform has no addressing.
    /// </summary>
    public static bool TryParse(string? text, string? botUsername, out ChatCommand command, out string argument)
    {
        command = default;
        argument = string.Empty;
        if (string.IsNullOrEmpty(text) || text[0] != '/')
        {
            return false;
        }

        var end = 1;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        var token = text[1..end];
        var at = token.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var addressee = token[(at + 1)..];
            if (botUsername is null || !string.Equals(addressee, botUsername, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            token = token[..at];
        }

        if (!Commands.TryGetValue(token, out command))
        {
            return false;
        }

        // Keep the inner text exactly (newlines, spacing); only the outer whitespace goes.
        argument = end < text.Length ? text[(end + 1)..] : string.Empty;
        argument = argument.Trim();
        return true;
    }
}
