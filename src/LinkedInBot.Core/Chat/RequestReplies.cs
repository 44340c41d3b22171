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
}
