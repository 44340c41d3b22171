using System.Globalization;
using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace LinkedInBot.Telegram;

/// <summary>
/// Reads one update at a time with Telegram.Bot's own settings (snake_case, Unix dates). Telegram adds new kinds of
/// objects over time (a new <c>forward_origin.type</c>) and this pinned library version refuses what it does not know
/// with an exception; read one by one, such an update costs only itself.
/// </summary>
internal static class TelegramUpdateReader
{
    /// <summary>
    /// The update, or null with <paramref name="problem"/> saying why not (exception type and JSON path: never a
    /// value, which could be a user's text). Besides <see cref="JsonException"/>, the library's converters throw
    /// others on values out of their range (a huge <c>edit_date</c>: ArgumentOutOfRangeException), so any failure
    /// counts as unreadable.
    /// </summary>
    public static Update? TryRead(JsonElement json, out string problem)
    {
        problem = string.Empty;
        if (json.ValueKind != JsonValueKind.Object)
        {
            problem = $"not a JSON object but {json.ValueKind}";
            return null;
        }

        try
        {
            return json.Deserialize<Update>(JsonBotAPI.Options);
        }
        catch (Exception e)
        {
            problem = e is JsonException { Path: { } path } ? $"{e.GetType().Name} at {path}" : e.GetType().Name;
            return null;
        }
    }

    /// <summary>The update_id of an update that could not be read, if it has a readable one (the library also takes numbers as strings).</summary>
    public static int? IdOf(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("update_id", out var id))
        {
            return null;
        }

        return id.ValueKind switch
        {
            JsonValueKind.Number when id.TryGetInt32(out var number) => number,
            JsonValueKind.String when int.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var text) => text,
            _ => null,
        };
    }
}
