using System.Globalization;
using LinkedInBot.Core.Jobs;
using Telegram.Bot.Types;

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
    ILogger<TelegramUpdateIntake> logger)
{
    public async Task<TelegramIntakeResult> AcceptAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.CallbackQuery is { } query)
        {
            return await confirmButtons.AcceptAsync(update, query, cancellationToken);
        }

        // Chat is declared non-null, but an update without "chat" deserializes with Chat null (measured).
        if (update.Message is not { Chat: not null } message)
        {
            return TelegramIntakeResult.NotHandled;
        }

        var botUsername = await identity.WaitAsync(cancellationToken);
        if (mapper.Map(message, botUsername) is not { } mapped)
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

    /// <summary>Update ids are unique per bot and Telegram redelivers for at most a day.</summary>
    internal static string DedupeKey(int updateId) => "telegram:update:" + updateId.ToString(CultureInfo.InvariantCulture);
}
