using LinkedInBot.Core.Chat;

namespace LinkedInBot.ConsoleChat;

/// <summary>Lets the core speak first in the console ("Linked as Ada Lovelace" after the OAuth callback).</summary>
public sealed class ConsoleChatNotifier(ConsoleReplyWriter writer) : IChatNotifier
{
    public const string PlatformName = "console";

    public string Platform => PlatformName;

    public Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken) =>
        writer.WriteAsync(reply, cancellationToken);
}
