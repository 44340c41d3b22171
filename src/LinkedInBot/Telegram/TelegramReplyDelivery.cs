using System.Text;
using LinkedInBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace LinkedInBot.Telegram;

/// <summary>
/// Gets one text message into one chat, or says definitely why not. A reply is never lost to formatting
/// ("can't parse entities", a button URL Telegram refuses): those are sent again as plain text with the
/// URLs written out. 429s wait the announced retry_after, as often as Telegram answers so; 5xx and network errors
/// back off and retry a few times.
/// </summary>
internal sealed class TelegramReplyDelivery(
    TelegramClients clients,
    TelegramChatPacer pacer,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<TelegramReplyDelivery> logger)
{
    /// <summary>Attempts for errors without a named wait (5xx, network, timeouts); 429s do not count.</summary>
    private const int MaxAttempts = 6;

    /// <summary>
    /// Throws <see cref="ApiRequestException"/> for a definite refusal (403 blocked, 400 chat not found) and
    /// the last error when transient failures outlast the retries. Under flood control it waits as long as
    /// Telegram asks, however often: only <paramref name="cancellationToken"/> (shutdown) ends that.
    /// </summary>
    public async Task SendAsync(long chatId, string text, IReadOnlyList<LinkButton> buttons, int? replyToMessageId, CancellationToken cancellationToken, IReadOnlyList<ActionButton>? actions = null, ConfirmButton? confirm = null)
    {
        actions ??= [];
        var plain = false;
        var attempt = 1;
        while (true)
        {
            await pacer.WaitAsync(chatId, cancellationToken);
            try
            {
                await SendOnceAsync(chatId, text, buttons, actions, confirm, replyToMessageId, plain, cancellationToken);
                return;
            }
            catch (ApiRequestException e) when (!cancellationToken.IsCancellationRequested && TelegramErrors.IsTooManyRequests(e, out var retryAfter))
            {
                // The request was refused, not lost, and Telegram names the wait: no reply is dropped for a busy
                // group, so this spends none of the attempts.
                logger.LogWarning("Telegram asks to slow down in chat {ChatId} ({Error}); sending again in {Wait}.", chatId, TelegramErrors.Describe(e), retryAfter);
                await Task.Delay(retryAfter, time, cancellationToken);
                continue;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Parameters?.MigrateToChatId is { } supergroupId && attempt < MaxAttempts)
            {
                // The group became a supergroup with a new id (TG: ResponseParameters.migrate_to_chat_id).
                logger.LogInformation("Telegram chat {ChatId} migrated to {NewChatId}; sending there.", chatId, supergroupId);
                chatId = supergroupId;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && !plain)
            {
                logger.LogWarning("Telegram refused a formatted reply to chat {ChatId} ({Error}); sending it as plain text.", chatId, TelegramErrors.Describe(e));
                plain = true;
            }
            catch (Exception e) when (attempt < MaxAttempts && !cancellationToken.IsCancellationRequested && IsWorthRetrying(e))
            {
                var wait = Backoff(attempt);
                logger.LogWarning("Sending a reply to Telegram chat {ChatId} failed ({Error}); attempt {Attempt} of {MaxAttempts}, next in {Wait}.", chatId, TelegramErrors.Describe(e), attempt, MaxAttempts, wait);
                await Task.Delay(wait, time, cancellationToken);
            }

            attempt++;
        }
    }

    /// <summary>
    /// Replaces the text and buttons of the bot's message <paramref name="messageId"/> (the answer to a pressed
    /// button). "message is not modified" (the same answer twice) is success; a message Telegram will not edit any more
    /// (too old, deleted) gets the answer as a new message instead.
    /// </summary>
    public async Task EditAsync(long chatId, int messageId, string text, IReadOnlyList<LinkButton> buttons, IReadOnlyList<ActionButton> actions, CancellationToken cancellationToken)
    {
        await pacer.WaitAsync(chatId, cancellationToken);
        try
        {
            await clients.Api.EditMessageText(chatId, messageId, TelegramText.ToHtml(text), ParseMode.Html, Keyboard(buttons, actions) ?? new InlineKeyboardMarkup(Array.Empty<InlineKeyboardButton[]>()), cancellationToken: cancellationToken);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("not modified", StringComparison.OrdinalIgnoreCase))
        {
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400)
        {
            logger.LogInformation("Telegram would not edit message {MessageId} in chat {ChatId} ({Error}); sending the answer as a new message.", messageId, chatId, TelegramErrors.Describe(e));
            await SendAsync(chatId, text, buttons, messageId, cancellationToken, actions);
        }
    }

    /// <summary>
    /// Shows a request's status: sends it as a new message the first time, then edits that message
    /// (<paramref name="statusMessageId"/>). One attempt, paced like every message: a status is cosmetic, and the next
    /// one follows within seconds. Returns the status message's id.
    /// </summary>
    public async Task<int> ShowStatusAsync(long chatId, int? statusMessageId, string text, int? replyToMessageId, CancellationToken cancellationToken)
    {
        await pacer.WaitAsync(chatId, cancellationToken);
        if (statusMessageId is { } id)
        {
            try
            {
                await clients.Api.EditMessageText(chatId, id, TelegramText.ToHtml(text), ParseMode.Html, cancellationToken: cancellationToken);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("not modified", StringComparison.OrdinalIgnoreCase))
            {
            }

            return id;
        }

        var replyTo = replyToMessageId is { } quoted ? new ReplyParameters { MessageId = quoted, AllowSendingWithoutReply = true } : null;
        var sent = await clients.Api.SendMessage(chatId, TelegramText.ToHtml(text), ParseMode.Html, replyTo, cancellationToken: cancellationToken);
        return sent.MessageId;
    }

    /// <summary>Answers a callback query (stops the button's spinner), with a short text for the presser only. Best effort.</summary>
    public async Task AnswerPressAsync(string callbackQueryId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Api.AnswerCallbackQuery(callbackQueryId, text is null ? null : TelegramText.Truncate(text, MaxPressAnswer), cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // "query is too old": a redelivered press, or one answered too late. The press itself still counts.
            logger.LogDebug("answerCallbackQuery failed: {Error}.", TelegramErrors.Describe(e));
        }
    }

    /// <summary>answerCallbackQuery's text: 0-200 characters (TG: answerCallbackQuery).</summary>
    private const int MaxPressAnswer = 200;

    private Task<Message> SendOnceAsync(long chatId, string text, IReadOnlyList<LinkButton> buttons, IReadOnlyList<ActionButton>? actions, ConfirmButton? confirm, int? replyToMessageId, bool plain, CancellationToken cancellationToken)
    {
        // allow_sending_without_reply: the user may have deleted the command; the answer still matters.
        var replyTo = replyToMessageId is { } id ? new ReplyParameters { MessageId = id, AllowSendingWithoutReply = true } : null;
        if (plain)
        {
            // Callback buttons cannot be what Telegram refused (they carry no URL): they stay.
            return clients.Api.SendMessage(chatId, TelegramText.Truncate(WithUrlsWrittenOut(text, buttons)), ParseMode.None, replyTo, Keyboard([], actions ?? []), cancellationToken: cancellationToken);
        }

        return clients.Api.SendMessage(chatId, TelegramText.ToHtml(text), ParseMode.Html, replyTo, Keyboard(buttons, actions ?? [], confirm), cancellationToken: cancellationToken);
    }

    /// <summary>
    /// URL buttons one per row, then the callback buttons side by side. A button that opens a form (Discord's Edit) has
    /// no Telegram counterpart: the user edits their message or replies /edit instead, as the reply says.
    /// </summary>
    private static InlineKeyboardMarkup? Keyboard(IReadOnlyList<LinkButton> buttons, IReadOnlyList<ActionButton> actions, ConfirmButton? confirm = null)
    {
        var rows = buttons.Select(b => new[] { InlineKeyboardButton.WithUrl(b.Label, b.Url.AbsoluteUri) }).ToList();
        var pressable = actions.Where(a => a.FormText is null).ToList();
        foreach (var chunk in pressable.Chunk(3))
        {
            rows.Add(chunk.Select(a => InlineKeyboardButton.WithCallbackData(a.Label, a.Data)).ToArray());
        }

        if (confirm is not null)
        {
            rows.Add([TelegramConfirmButtons.ButtonFor(confirm)]);
        }

        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }

    private static string WithUrlsWrittenOut(string text, IReadOnlyList<LinkButton> buttons)
    {
        if (buttons.Count == 0)
        {
            return text;
        }

        var builder = new StringBuilder(text);
        foreach (var button in buttons)
        {
            builder.Append('\n').Append(button.Label).Append(": ").Append(button.Url.AbsoluteUri);
        }

        return builder.ToString();
    }

    private static bool IsWorthRetrying(Exception exception) => exception switch
    {
        ApiRequestException api => api.ErrorCode >= 500,
        RequestException or HttpRequestException or TaskCanceledException => true,
        _ => false,
    };

    private TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(options.Value.SendErrorBackoff.Ticks * (1L << Math.Min(attempt - 1, 5)), TimeSpan.FromSeconds(30).Ticks));
}
