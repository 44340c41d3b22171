using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace LinkedInBot.Telegram;

/// <summary>
/// The core's <see cref="ConfirmButton"/> (/forget's "Forget me") as an inline keyboard callback button, and its press
/// (a <c>callback_query</c> update) as the request it stands for, stored as a job like a message. The callback data
/// names the command, its argument and the one user whose press counts; anyone else gets a short refusal.
/// </summary>
internal sealed class TelegramConfirmButtons(ChatRequestQueue queue, TelegramClients clients, ILogger<TelegramConfirmButtons> logger)
{
    // "c:Forget:yes:1001": well under the 64 bytes Telegram allows for callback_data.
    private const string Prefix = "c:";

    /// <summary>Whether a pressed button's data is one of these (the other callback buttons are the core's actions).</summary>
    public static bool IsOne(string? data) => data?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public static InlineKeyboardButton ButtonFor(ConfirmButton confirm) =>
        InlineKeyboardButton.WithCallbackData(confirm.Label, $"{Prefix}{confirm.Command}:{confirm.Argument}:{confirm.UserId}");

    /// <summary>NotHandled when the press is not for one of these buttons (or not this user's to press).</summary>
    public async Task<TelegramIntakeResult> AcceptAsync(Update update, CallbackQuery query, CancellationToken cancellationToken)
    {
        if (!TryRead(query.Data, out var command, out var argument, out var userId) || query.Message is not { Chat: not null } message)
        {
            return TelegramIntakeResult.NotHandled;
        }

        var from = query.From.Id.ToString(CultureInfo.InvariantCulture);
        if (from != userId)
        {
            await AnswerAsync(query.Id, RequestReplies.NotYourButton.Text, cancellationToken);
            return TelegramIntakeResult.NotHandled;
        }

        var isGroupChat = message.Chat.Type is ChatType.Group or ChatType.Supergroup or ChatType.Channel;
        var address = new ChatAddress(
            TelegramAdapter.Platform,
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            from,
            isGroupChat ? TelegramReplyContext.ForPrivateChat() : TelegramReplyContext.ForMessage(message.MessageId));
        var request = new ChatRequest(address, query.From.FirstName, "callback:" + query.Id, command, argument, null, isGroupChat);

        // Stored before Telegram hears of it: the update id keys the job, so a redelivered press is one request.
        var ticket = await queue.EnqueueAsync(request, TelegramUpdateIntake.DedupeKey(update.Id), cancellationToken, replyTo: TelegramReplyContext.ForMessage(message.MessageId));
        await AnswerAsync(query.Id, null, cancellationToken);
        return ticket.Created ? TelegramIntakeResult.Accepted : TelegramIntakeResult.Duplicate;
    }

    private static bool TryRead(string? data, out ChatCommand command, out string argument, out string userId)
    {
        (command, argument, userId) = (default, string.Empty, string.Empty);
        var parts = data is not null && data.StartsWith(Prefix, StringComparison.Ordinal) ? data[Prefix.Length..].Split(':') : [];
        if (parts.Length != 3 || !Enum.TryParse(parts[0], ignoreCase: false, out command) || !Enum.IsDefined(command) || parts[2].Length == 0)
        {
            return false;
        }

        (argument, userId) = (parts[1], parts[2]);
        return true;
    }

    // Every press must be answered, promptly ("query is too old" after a while); cosmetic otherwise, never fatal.
    private async Task AnswerAsync(string queryId, string? text, CancellationToken cancellationToken)
    {
        try
        {
            await clients.Api.AnswerCallbackQuery(queryId, text, cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogDebug("answerCallbackQuery failed: {Error}.", TelegramErrors.Describe(e));
        }
    }
}
