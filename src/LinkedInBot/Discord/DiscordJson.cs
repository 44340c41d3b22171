using System.Text.Json;
using System.Text.Json.Serialization;

namespace LinkedInBot.Discord;

/// <summary>Discord's wire format (snake_case, nulls omitted), kept apart from the app-wide JSON options.</summary>
internal static class DiscordJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
