using LinkedInBot.Core.Chat;

namespace LinkedInBot.ConsoleChat;

/// <summary>How the core speaks in the console: every reply and notice ("Linked as Ada Lovelace") is printed.</summary>
public sealed class ConsoleChatNotifier(ConsoleReplyWriter writer) : IChatNotifier
{
    public const string PlatformName = "console";

    public string Platform => PlatformName;

    public Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken) =>
        writer.WriteAsync(reply, cancellationToken);

    /// <summary>A terminal cannot edit what it printed: each status is a line of its own.</summary>
    public Task ShowStatusAsync(ChatAddress address, ChatReply status, ReplyTurn turn, CancellationToken cancellationToken) =>
        writer.WriteStatusAsync(status.Text, cancellationToken);
}

/// <summary>Opens the images of console requests: the reference is the file's full path.</summary>
public sealed class ConsoleMedia : IChatMediaSource
{
    public string Platform => ConsoleChatNotifier.PlatformName;

    public Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken) =>
        Task.FromResult<Stream>(File.OpenRead(reference));
}
