using System.Collections.Concurrent;
using System.Globalization;
using LinkedInBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>
/// How the core speaks in Telegram: the replies of requests (run as jobs), "Linked as …" after the OAuth callback, and
/// resumed posts after a crash. The address and its reply context say where (<see cref="TelegramReplyContext"/>).
/// </summary>
internal sealed class TelegramNotifier(
    TelegramReplySender sender,
    TelegramReplyDelivery delivery,
    TelegramClients clients,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<TelegramNotifier> logger) : IChatNotifier
{
    /// <summary>Telegram shows "typing…" for 5 s or until the bot's next message (TG: sendChatAction).</summary>
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(4.5);

    /// <summary>The status message of each job showing one (the job runs here, so its status lives here).</summary>
    private readonly ConcurrentDictionary<long, int> _statusMessages = new();

    public string Platform => TelegramAdapter.Platform;

    public Task ReplyAsync(ChatAddress address, ChatReply reply, ReplyTurn turn, CancellationToken cancellationToken)
    {
        // The answer comes as a message of its own (it notifies; an edit does not); the status message stays as it was.
        _statusMessages.TryRemove(turn.JobId, out _);
        return NotifyAsync(address, reply, cancellationToken);
    }

    /// <summary>One message per job, sent with the first status and edited with each later one (editMessageText).</summary>
    public async Task ShowStatusAsync(ChatAddress address, ChatReply status, ReplyTurn turn, CancellationToken cancellationToken)
    {
        if (TargetOf(address) is not { } target)
        {
            return;
        }

        int? shown = _statusMessages.TryGetValue(turn.JobId, out var id) ? id : null;
        _statusMessages[turn.JobId] = await delivery.ShowStatusAsync(target.ChatId, shown, status.Text, target.ReplyToMessageId, cancellationToken);
    }

    public Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        if (TargetOf(address) is not { } target)
        {
            logger.LogWarning("Ignoring a notification for a malformed Telegram address (chat {ChatId}).", address.ChatId);
            return Task.CompletedTask;
        }

        return sender.SendAsync(target, reply, cancellationToken);
    }

    /// <summary>
    /// Publishing can take seconds (LinkedIn, image uploads): keep the chat's "typing…" on until the answer. It
    /// starts only once the wait is noticeable: a reply that overtakes it would make it flicker, and every chat
    /// action spends one call of the bot's Telegram budget (about 30 per second in all).
    /// </summary>
    public async Task ShowWorkingAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        if (TargetOf(address) is not { } target)
        {
            return;
        }

        // Nearly every post is answered before the first "typing…" is due, so the wait usually ends cancelled:
        // it ends quietly (SuppressThrowing) instead of with an exception per post, which was measurable.
        try
        {
            await Task.Delay(options.Value.TypingDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (!cancellationToken.IsCancellationRequested)
            {
                await clients.Api.SendChatAction(target.ChatId, ChatAction.Typing, cancellationToken: cancellationToken);
                await Task.Delay(TypingRefresh, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Cosmetic: a failed chat action must never cost the reply.
            logger.LogDebug("sendChatAction failed in chat {ChatId}: {Error}.", target.ChatId, TelegramErrors.Describe(e));
        }
    }

    private static TelegramReplyTarget? TargetOf(ChatAddress address)
    {
        if (!long.TryParse(address.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId)
            || !long.TryParse(address.UserId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var userId))
        {
            return null;
        }

        var context = TelegramReplyContext.Parse(address.ReplyContext);

        // A private chat's id is the user's id; anything else is a group, supergroup or channel.
        return new TelegramReplyTarget(chatId, userId, IsGroupChat: chatId != userId, context.ReplyToMessageId, context.PrivateChat, context.PressedMessageId);
    }
}
