namespace LinkedInBot.Core.Chat;

/// <summary>
/// Lets the core speak first: after an OAuth callback ("Linked as Ada Lovelace") and when a post that a
/// crash interrupted is finished at start-up. Each adapter registers one for its platform.
/// </summary>
public interface IChatNotifier
{
    /// <summary>The platform this notifier serves ("telegram", "discord", "console").</summary>
    string Platform { get; }

    Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken);
}
