using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.Chat;

/// <summary>Answers adapters give before a request reaches the core, written here with every other user-facing text.</summary>
public static class RequestReplies
{
    /// <summary>Someone pressed a confirm button (/forget's "Forget me") that was shown to another user.</summary>
    public static ChatReply NotYourButton { get; } = ChatReply.Error("This button is for the person who asked. Send the command yourself if you want the same.");

    /// <summary>A button this version of the bot does not know (sent by an older or newer one).</summary>
    public static ChatReply UnknownButton { get; } = ChatReply.Error("This button is not known to this version of the bot. Use the command again.");

    /// <summary>A platform request that was handled before (a replayed Discord interaction): answered, not acted on.</summary>
    public static ChatReply AlreadyHandled { get; } = ChatReply.Error("This request was already handled, so nothing was done again. Use the command again if you need to.");

    /// <summary>The adapter failed on its side before the core was reached.</summary>
    public const string SomethingWentWrong = "Something went wrong on the bot's side. Try again in a minute; if it keeps happening, tell the bot's operator.";

    /// <summary>A command or form of another version of the bot (registered commands outlive a downgrade).</summary>
    public static string UnknownCommand(string post, string link) => $"This command is not known to this version of the bot. Try {post} or {link}.";

    public static string UnknownForm(string startAgain) => $"This form is not known to this version of the bot. Use {startAgain} again.";

    /// <summary>A command that publishes, given neither text nor an image.</summary>
    public static string NothingToPublish(string postCommand) => $"Nothing to publish: give {postCommand} a text, an image, or both.";

    /// <summary>A line that is no command (the console, where nothing else can be typed).</summary>
    public static string CommandHint(CommandNames commands) =>
        $"Commands start with a slash: {commands.Link} to connect LinkedIn, {commands.Post} <text> to publish, {commands.Status}, /help.";

    public static string UnknownCommandWithHint(string command, string hint) => $"Unknown command {command}. {hint}";

    /// <summary>The adapter failed on its side, where the operator can read the log (the console).</summary>
    public const string SomethingWentWrongSeeLog = "Something went wrong on the bot's side; the log has the details.";

    /// <summary>The console's input ended (Ctrl+D, a closed pipe).</summary>
    public const string EndOfInput = "End of input: the bot stops.";

    /// <summary>The label of a form's text field that holds a post.</summary>
    public const string PostTextLabel = "Post text";

    /// <summary>A secret reply (a consent link) asked for in a group went to the user's private chat instead.</summary>
    public const string SentPrivately = "I've sent you a private message with the link.";

    /// <summary>A secret reply asked for in a group, when the bot may not write to the user privately yet.</summary>
    public const string OpenPrivateChat =
        "I can only send your personal LinkedIn link in a private chat, and you haven't started one with me yet. " +
        "Tap the button below and press Start; I'll send the link there.";

    public const string OpenPrivateChatLabel = "Open private chat";
}
