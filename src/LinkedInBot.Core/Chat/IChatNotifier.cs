namespace LinkedInBot.Core.Chat;

/// <summary>
/// How the core speaks to a chat: the replies of a request (run as a job, maybe in another process than the one that
/// received it), and messages it sends first — after an OAuth callback ("Linked as Ada Lovelace"), when a post that a
/// crash interrupted is finished. Each adapter registers one for its platform.
/// </summary>
public interface IChatNotifier
{
    /// <summary>The platform this notifier serves ("telegram", "discord", "console").</summary>
    string Platform { get; }

    Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken);

    /// <summary>
    /// A reply to a request: <paramref name="turn"/> says which request and which of its replies, for platforms
    /// where the first answer differs from the rest (Discord edits its deferred response, then follows up). A failure
    /// that sending again could fix is thrown, so the job is tried again.
    /// </summary>
    Task ReplyAsync(ChatAddress address, ChatReply reply, ReplyTurn turn, CancellationToken cancellationToken) =>
        NotifyAsync(address, reply, cancellationToken);

    /// <summary>
    /// Shows or updates the status of a request's long work (<see cref="ChatReply.IsStatus"/>): the first one of
    /// <paramref name="turn"/>'s job is sent, later ones replace it. Cosmetic: platforms without a way to show it keep
    /// this default and show nothing; a failure may be thrown, and is logged and ignored by the core.
    /// </summary>
    Task ShowStatusAsync(ChatAddress address, ChatReply status, ReplyTurn turn, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Shows that the bot is working on a request (Telegram's "typing…") until cancelled. Cosmetic: never throws.</summary>
    Task ShowWorkingAsync(ChatAddress address, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Which reply of which job: <paramref name="Index"/> 0 is the job's first reply.</summary>
public sealed record ReplyTurn(long JobId, int Index);
