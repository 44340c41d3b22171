namespace LinkedInBot.Core.Chat;

/// <summary>Answers adapters give before a request reaches the core, written here with every other user-facing text.</summary>
public static class RequestReplies
{
    /// <summary>A platform request that was handled before (a replayed Discord interaction): answered, not acted on.</summary>
    public static ChatReply AlreadyHandled { get; } = ChatReply.Error("This request was already handled, so nothing was done again. Use the command again if you need to.");
}
