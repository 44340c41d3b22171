using System.Globalization;
using System.Text.Json;

namespace LinkedInBot.Tests.Fakes;

/// <summary>One request the bot made to the fake Bot API, with its parameters parsed (JSON or multipart fields).</summary>
public sealed record TelegramCall(string Method, JsonElement Body, IReadOnlyDictionary<string, byte[]> Files, DateTimeOffset At)
{
    public long? ChatId => GetLong("chat_id");

    public string? Text => GetString("text");

    public string? ParseMode => GetString("parse_mode");

    /// <summary>The text as the user sees it: HTML parsed when parse_mode is HTML.</summary>
    public string? VisibleText =>
        Text is { } text && string.Equals(ParseMode, "html", StringComparison.OrdinalIgnoreCase) && FakeTelegramServer.TelegramHtml.TryParse(text, out var visible, out _)
            ? visible
            : Text;

    public int? ReplyToMessageId => GetObject("reply_parameters") is { } reply && reply.TryGetProperty("message_id", out var id) ? id.GetInt32() : null;

    public bool AllowSendingWithoutReply =>
        GetObject("reply_parameters") is { } reply && reply.TryGetProperty("allow_sending_without_reply", out var allow) && allow.ValueKind == JsonValueKind.True;

    /// <summary>The inline keyboard's callback buttons (label, callback_data), row by row flattened.</summary>
    public IReadOnlyList<(string Text, string Data)> CallbackButtons
    {
        get
        {
            if (GetObject("reply_markup") is not { } markup || !markup.TryGetProperty("inline_keyboard", out var rows))
            {
                return [];
            }

            var buttons = new List<(string, string)>();
            foreach (var row in rows.EnumerateArray())
            {
                foreach (var button in row.EnumerateArray())
                {
                    if (button.TryGetProperty("callback_data", out var data))
                    {
                        buttons.Add((button.GetProperty("text").GetString() ?? string.Empty, data.GetString() ?? string.Empty));
                    }
                }
            }

            return buttons;
        }
    }

    /// <summary>The inline keyboard's URL buttons, row by row flattened.</summary>
    public IReadOnlyList<(string Text, string Url)> UrlButtons
    {
        get
        {
            if (GetObject("reply_markup") is not { } markup || !markup.TryGetProperty("inline_keyboard", out var rows))
            {
                return [];
            }

            var buttons = new List<(string, string)>();
            foreach (var row in rows.EnumerateArray())
            {
                foreach (var button in row.EnumerateArray())
                {
                    if (button.TryGetProperty("url", out var url))
                    {
                        buttons.Add((button.GetProperty("text").GetString() ?? string.Empty, url.GetString() ?? string.Empty));
                    }
                }
            }

            return buttons;
        }
    }

    public string? GetString(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    /// <summary>Numbers arrive as JSON numbers, or as strings in multipart forms.</summary>
    public long? GetLong(string name) =>
        Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.Number
                ? value.GetInt64()
                : long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null
            : null;

    /// <summary>A nested object, also when a multipart form carries it as a JSON string.</summary>
    public JsonElement? GetObject(string name)
    {
        if (Body.ValueKind != JsonValueKind.Object || !Body.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Object or JsonValueKind.Array => value,
            JsonValueKind.String => JsonDocument.Parse(value.GetString()!).RootElement.Clone(),
            _ => null,
        };
    }

    public override string ToString() => $"{Method} {Body.GetRawText()}";
}
