using LinkedInBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>Handles one update: map it, hand it to the core, deliver what the core answers.</summary>
internal sealed class TelegramUpdateHandler(
    IChatBot chatBot,
    TelegramRequestMapper mapper,
    TelegramReplySender sender,
    TelegramBotIdentity identity,
    TelegramClients clients,
    TimeProvider time,
    IOptions<TelegramOptions> options,
    ILogger<TelegramUpdateHandler> logger)
{
    /// <summary>Telegram shows "typing…" for 5 s or until the bot's next message (TG: sendChatAction).</summary>
    private static readonly TimeSpan TypingRefresh = TimeSpan.FromSeconds(4.5);

    public async Task HandleAsync(Update update, CancellationToken cancellationToken)
    {
        if (update.Message is not { } message)
        {
            return;
        }

        var botUsername = await identity.WaitAsync(cancellationToken);
        if (mapper.Map(message, botUsername) is not { } mapped)
        {
            return;
        }

        using var typing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typingLoop = mapped.Request.Command == ChatCommand.Post
            ? ShowTypingAsync(mapped.Target.ChatId, typing.Token)
            : Task.CompletedTask;
        try
        {
            await chatBot.HandleAsync(
                mapped.Request,
                (reply, ct) =>
                {
                    typing.Cancel();
                    return sender.SendAsync(mapped.Target, reply, ct);
                },
                cancellationToken);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException)
        {
            logger.LogError("Could not answer Telegram update {UpdateId} in chat {ChatId}: {Error}.", update.Id, mapped.Target.ChatId, TelegramErrors.Describe(e));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The core failed on Telegram update {UpdateId} ({Command}) in chat {ChatId}.", update.Id, mapped.Request.Command, mapped.Target.ChatId);
        }
        finally
        {
            await typing.CancelAsync();
            await typingLoop;
        }
    }

    /// <summary>
    /// Publishing can take seconds (LinkedIn, image uploads): keep the chat's "typing…" on until the answer. It
    /// starts only once the wait is noticeable: a reply that overtakes it would make it flicker, and every chat
    /// action spends one call of the bot's Telegram budget (about 30 per second in all).
    /// </summary>
    private async Task ShowTypingAsync(long chatId, CancellationToken cancellationToken)
    {
        // Nearly every post is answered before the first "typing…" is due, so the wait usually ends cancelled:
        // it ends quietly (SuppressThrowing) instead of with an exception per post, which was measurable.
        try
        {
            await Task.Delay(options.Value.TypingDelay, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            while (!cancellationToken.IsCancellationRequested)
            {
                await clients.Api.SendChatAction(chatId, ChatAction.Typing, cancellationToken: cancellationToken);
                await Task.Delay(TypingRefresh, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // Cosmetic: a failed chat action must never cost the reply.
            logger.LogDebug("sendChatAction failed in chat {ChatId}: {Error}.", chatId, TelegramErrors.Describe(e));
        }
    }
}
