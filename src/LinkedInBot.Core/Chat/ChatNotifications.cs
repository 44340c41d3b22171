using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Chat;

/// <summary>Routes a proactive message to the adapter of its platform. A failure is logged, never thrown.</summary>
public sealed class ChatNotifications(IEnumerable<IChatNotifier> notifiers, ILogger<ChatNotifications> logger)
{
    private readonly Dictionary<string, IChatNotifier> _byPlatform =
        notifiers.GroupBy(n => n.Platform, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>
    /// Delivers a reply of a job. Throws when delivery failed in a way that sending again may fix; a platform without
    /// a running adapter is logged and skipped (sending again cannot help).
    /// </summary>
    public async Task ReplyAsync(ChatAddress address, ChatReply reply, ReplyTurn turn, CancellationToken cancellationToken)
    {
        if (!_byPlatform.TryGetValue(address.Platform, out var notifier))
        {
            logger.LogWarning("No {Platform} adapter is running, so a reply for chat {ChatId} could not be delivered", address.Platform, address.ChatId);
            return;
        }

        if (reply.IsStatus)
        {
            await ShowStatusAsync(notifier, address, reply, turn, cancellationToken);
            return;
        }

        await notifier.ReplyAsync(address, reply, turn, cancellationToken);
    }

    private async Task ShowStatusAsync(IChatNotifier notifier, ChatAddress address, ChatReply status, ReplyTurn turn, CancellationToken cancellationToken)
    {
        try
        {
            await notifier.ShowStatusAsync(address, status, turn, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A status is cosmetic: the request's own reply still follows. Only the type: adapter exceptions can carry
            // request URLs, and Telegram's contain the bot token.
            logger.LogDebug("Could not show a status in {Platform} chat {ChatId}: {ErrorType}", address.Platform, address.ChatId, ex.GetType().Name);
        }
    }

    /// <summary>Runs the platform's "working on it" indicator until cancelled.</summary>
    public Task ShowWorkingAsync(ChatAddress address, CancellationToken cancellationToken) =>
        _byPlatform.TryGetValue(address.Platform, out var notifier) ? notifier.ShowWorkingAsync(address, cancellationToken) : Task.CompletedTask;

    /// <summary>Returns true when the adapter took the message.</summary>
    public async Task<bool> TrySendAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (!_byPlatform.TryGetValue(address.Platform, out var notifier))
        {
            logger.LogWarning("No {Platform} adapter is running, so a message for chat {ChatId} could not be delivered", address.Platform, address.ChatId);
            return false;
        }

        try
        {
            await notifier.NotifyAsync(address, reply, cancellationToken);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Only the type: adapter exceptions can carry request URLs, and Telegram's contain the bot token.
            logger.LogWarning("Could not deliver a message to {Platform} chat {ChatId}: {ErrorType}", address.Platform, address.ChatId, ex.GetType().Name);
            return false;
        }
    }
}
