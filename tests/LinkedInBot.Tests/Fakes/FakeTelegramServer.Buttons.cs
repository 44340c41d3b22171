using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

/// <summary>The bot's own messages (with their buttons), presses of those buttons, and users editing their messages.</summary>
public sealed partial class FakeTelegramServer
{
    private readonly ConcurrentDictionary<int, JsonObject> _sentById = new();
    private readonly ConcurrentQueue<JsonObject> _sent = new();
    private int _nextCallbackId;

    /// <summary>The messages the bot sent (as Telegram keeps them: text, reply_markup), oldest first; edits applied.</summary>
    public IReadOnlyList<FakeTelegramMessage> BotMessages =>
        _sent.Select(m => _sentById[(int)m["message_id"]!]).Select(m => new FakeTelegramMessage(0, (int)m["message_id"]!, new JsonObject { ["message"] = m.DeepClone() })).ToList();

    /// <summary>The bot's message whose visible text contains <paramref name="text"/>, newest first.</summary>
    public FakeTelegramMessage BotMessage(string text) =>
        BotMessages.LastOrDefault(m => m.Message["text"]?.GetValue<string>().Contains(text, StringComparison.Ordinal) == true)
        ?? throw new InvalidOperationException($"The bot sent no message containing \"{text}\".");

    /// <summary>
    /// Waits for the bot's message that matches, as stored after Telegram's answer (a call is recorded before it is
    /// answered, so right after <see cref="WaitForCallAsync"/> the message may not be stored or edited yet).
    /// </summary>
    public async Task<FakeTelegramMessage> WaitForBotMessageAsync(Func<FakeTelegramMessage, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (BotMessages.LastOrDefault(match) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No bot message matched.");
            }

            await Task.Delay(10);
        }
    }

    public static string? TextOf(FakeTelegramMessage message) => message.Message["text"]?.GetValue<string>();

    /// <summary>The callback buttons (label, data) of a bot message as it stands now.</summary>
    public static IReadOnlyList<(string Text, string Data)> ButtonsOf(FakeTelegramMessage message) =>
        message.Message["reply_markup"]?["inline_keyboard"] is JsonArray rows
            ? rows.OfType<JsonArray>().SelectMany(row => row.OfType<JsonObject>())
                .Where(b => b["callback_data"] is not null)
                .Select(b => (b["text"]!.GetValue<string>(), b["callback_data"]!.GetValue<string>())).ToList()
            : [];

    /// <summary><paramref name="user"/> presses the button with <paramref name="data"/> under the bot's <paramref name="message"/>.</summary>
    public int UserPresses(FakeTelegramUser user, FakeTelegramMessage message, string data)
    {
        var from = new JsonObject { ["id"] = user.Id, ["is_bot"] = false, ["first_name"] = user.FirstName };
        var press = new JsonObject
        {
            ["id"] = "cb" + Interlocked.Increment(ref _nextCallbackId),
            ["from"] = from,
            ["message"] = message.Message.DeepClone(),
            ["chat_instance"] = "ci-" + message.Message["chat"]!["id"],
            ["data"] = data,
        };
        return Enqueue(new JsonObject { ["callback_query"] = press });
    }

    /// <summary>The user edits their earlier message: Telegram sends it again, same chat and id, as edited_message.</summary>
    public int UserEdits(FakeTelegramMessage original, string newText, JsonArray? newPhotoSizes = null)
    {
        var edited = (JsonObject)original.Message.DeepClone();
        if (newPhotoSizes is not null)
        {
            edited["photo"] = newPhotoSizes.DeepClone();
        }

        var isCaption = edited["caption"] is not null;
        edited[isCaption ? "caption" : "text"] = newText;
        edited["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (CommandEntity(newText) is { } entity)
        {
            edited[isCaption ? "caption_entities" : "entities"] = new JsonArray(entity);
        }

        return Enqueue(new JsonObject { ["edited_message"] = edited });
    }

    private void RememberSent(TelegramCall call, JsonObject message)
    {
        if (call.GetObject("reply_markup") is { } markup)
        {
            message["reply_markup"] = JsonNode.Parse(markup.GetRawText());
        }

        _sentById[(int)message["message_id"]!] = (JsonObject)message.DeepClone();
        _sent.Enqueue(message);
    }

    private async Task AnswerEditMessageTextAsync(HttpContext context, TelegramCall call)
    {
        var id = (int?)call.GetLong("message_id");
        if (id is null || !_sentById.TryGetValue(id.Value, out var message))
        {
            await WriteErrorAsync(context, 400, "Bad Request: message to edit not found");
            return;
        }

        var text = call.GetString("text") ?? string.Empty;
        if (string.Equals(call.GetString("parse_mode"), "html", StringComparison.OrdinalIgnoreCase))
        {
            if (!TelegramHtml.TryParse(text, out var visible, out var problem))
            {
                await WriteErrorAsync(context, 400, "Bad Request: can't parse entities: " + problem);
                return;
            }

            text = visible;
        }

        var edited = (JsonObject)message.DeepClone();
        edited["text"] = text;
        edited["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        edited.Remove("reply_markup");
        if (call.GetObject("reply_markup") is { } markup && markup.TryGetProperty("inline_keyboard", out var rows) && rows.GetArrayLength() > 0)
        {
            edited["reply_markup"] = JsonNode.Parse(markup.GetRawText());
        }

        _sentById[id.Value] = edited;
        await WriteResultAsync(context, edited);
    }
}
