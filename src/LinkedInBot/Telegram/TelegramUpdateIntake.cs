using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Posting;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>What became of an update handed to <see cref="TelegramUpdateIntake.AcceptAsync"/>.</summary>
internal enum TelegramIntakeResult
{
    /// <summary>Stored as a job; it runs in its chat's order, in this replica or another.</summary>
    Accepted,

    /// <summary>Stored before (a redelivery): nothing new.</summary>
    Duplicate,

    /// <summary>Not a message for this bot: nothing to answer.</summary>
    NotHandled,
}

/// <summary>
/// Where updates enter the bot, from polling and from the webhook alike: an update is translated into the core's
/// request and stored as a job before Telegram is told it arrived (the poll's offset moves past it, the webhook
/// answers 200). The update id is the job's dedupe key, so Telegram's redeliveries are stored once.
/// </summary>
internal sealed class TelegramUpdateIntake(
    TelegramRequestMapper mapper,
    TelegramBotIdentity identity,
    ChatRequestQueue queue,
    TelegramConfirmButtons confirmButtons,
    ButtonPresses presses,
    TelegramReplyDelivery delivery,
    AlbumCollector albums,
    Microsoft.Extensions.Options.IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateIntake> logger)
{
    public async Task<TelegramIntakeResult> AcceptAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.CallbackQuery is { } press)
        {
            return TelegramConfirmButtons.IsOne(press.Data)
                ? await confirmButtons.AcceptAsync(update, press, cancellationToken)
                : await AcceptPressAsync(update.Id, press, cancellationToken);
        }

        // Chat is declared non-null, but an update without "chat" deserializes with Chat null (measured).
        var edited = update.Message is null;
        if ((update.Message ?? update.EditedMessage) is not { Chat: not null } message)
        {
            return TelegramIntakeResult.NotHandled;
        }

        var botUsername = await identity.WaitAsync(cancellationToken);
        if (!edited && message.MediaGroupId is not null)
        {
            // An album's items are collected in the store until it is complete; the album then becomes one request.
            return mapper.MapAlbumItem(message, botUsername) is not { } item ? TelegramIntakeResult.NotHandled
                : await albums.AddAsync(item, options.Value.AlbumQuietPeriod, MaxAlbumItems, cancellationToken) ? TelegramIntakeResult.Accepted
                : TelegramIntakeResult.Duplicate;
        }

        if ((edited ? mapper.MapEdit(message, botUsername) : mapper.Map(message, botUsername)) is not { } mapped)
        {
            return TelegramIntakeResult.NotHandled;
        }

        var ticket = await queue.EnqueueAsync(
            mapped.Request,
            DedupeKey(update.Id),
            cancellationToken,
            replyTo: TelegramReplyContext.ForMessage(message.MessageId));
        if (!ticket.Created)
        {
            logger.LogDebug("Telegram update {UpdateId} was received before; skipped.", update.Id);
            return TelegramIntakeResult.Duplicate;
        }

        return TelegramIntakeResult.Accepted;
    }

    /// <summary>
    /// A pressed button. Telegram wants the callback query answered at once, so the core is asked first whether this
    /// person may press it: a refusal is the answer itself (a short notice for them alone) and nothing is stored.
    /// Otherwise the press is stored as a job like any request, and then answered (empty: the job's reply follows).
    /// The update id dedupes a redelivered press; the core's conditional state changes dedupe a button pressed twice.
    /// </summary>
    private async Task<TelegramIntakeResult> AcceptPressAsync(int updateId, CallbackQuery press, CancellationToken cancellationToken)
    {
        if (press.Message is not { Chat: not null } message || press.Data is not { } data || press.From is not { IsBot: false } from)
        {
            await delivery.AnswerPressAsync(press.Id, null, cancellationToken);
            return TelegramIntakeResult.NotHandled;
        }

        var chatId = message.Chat.Id;
        var isGroupChat = message.Chat.Type is ChatType.Group or ChatType.Supergroup or ChatType.Channel;
        var address = new ChatAddress(
            TelegramAdapter.Platform,
            chatId.ToString(CultureInfo.InvariantCulture),
            from.Id.ToString(CultureInfo.InvariantCulture),
            TelegramReplyContext.ForPressedMessage(message.MessageId));
        if (await presses.RefusalAsync(address, data, cancellationToken) is { } refusal)
        {
            await delivery.AnswerPressAsync(press.Id, refusal.Text, cancellationToken);
            return TelegramIntakeResult.NotHandled;
        }

        var name = string.IsNullOrEmpty(from.LastName) ? from.FirstName : $"{from.FirstName} {from.LastName}";
        var request = new ChatRequest(address, name, "press:" + updateId.ToString(CultureInfo.InvariantCulture), ChatCommand.Press, data, null, isGroupChat);
        var ticket = await queue.EnqueueAsync(request, DedupeKey(updateId), cancellationToken);
        await delivery.AnswerPressAsync(press.Id, null, cancellationToken);
        return ticket.Created ? TelegramIntakeResult.Accepted : TelegramIntakeResult.Duplicate;
    }

    /// <summary>Telegram's albums hold 2 to 10 items (reference: telegram-bot-api.md §4).</summary>
    internal const int MaxAlbumItems = 10;

    /// <summary>Update ids are unique per bot and Telegram redelivers for at most a day.</summary>
    internal static string DedupeKey(int updateId) => "telegram:update:" + updateId.ToString(CultureInfo.InvariantCulture);
}
