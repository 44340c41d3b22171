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
}
