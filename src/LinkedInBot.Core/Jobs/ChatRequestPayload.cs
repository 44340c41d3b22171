using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// A <see cref="ChatRequest"/> as stored in a job: everything but the image's opener, which is rebuilt from its
/// reference by the platform's <see cref="IChatMediaSource"/>. <see cref="ReplyTo"/> is where this request's own replies
/// go when that differs from where later notices go (a Telegram group command: replies quote it in the group, while
/// "Linked as …" goes to the private chat).
/// </summary>
internal sealed record ChatRequestPayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("rc")] string? ReplyContext,
    [property: JsonPropertyName("rt")] string? ReplyTo,
    [property: JsonPropertyName("n")] string? DisplayName,
    [property: JsonPropertyName("m")] string MessageId,
    [property: JsonPropertyName("cmd")] ChatCommand Command,
    [property: JsonPropertyName("t")] string Text,
    [property: JsonPropertyName("img")] ChatImagePayload? Image,
    [property: JsonPropertyName("g")] bool IsGroupChat)
{
    /// <summary><see cref="ChatRequest.Target"/>.</summary>
    [JsonPropertyName("tg")]
    public string? Target { get; init; }

    /// <summary><see cref="ChatRequest.IsChatAdmin"/>.</summary>
    [JsonPropertyName("adm")]
    public bool? IsChatAdmin { get; init; }

    public static ChatRequestPayload From(ChatRequest request, string? replyTo)
    {
        ChatImagePayload? image = null;
        if (request.Image is { } attached)
        {
            image = new ChatImagePayload(
                attached.FileName,
                attached.DeclaredLength,
                attached.Reference ?? throw new ArgumentException("A stored request's image needs a reference its platform can open again.", nameof(request)));
        }

        var address = request.Address;
        return new ChatRequestPayload(address.Platform, address.ChatId, address.UserId, address.ReplyContext, replyTo, request.DisplayName, request.MessageId, request.Command, request.Text, image, request.IsGroupChat)
        {
            Target = request.Target,
            IsChatAdmin = request.IsChatAdmin,
        };
    }

    public ChatAddress Address => new(Platform, ChatId, UserId, ReplyContext);

    /// <summary>Where this request's replies go.</summary>
    public ChatAddress ReplyAddress => new(Platform, ChatId, UserId, ReplyTo ?? ReplyContext);

    public ChatRequest ToRequest(IChatMediaSource? media)
    {
        ChatImage? image = null;
        if (Image is { } stored)
        {
            image = new ChatImage(
                stored.FileName,
                stored.DeclaredLength,
                ct => media is null
                    ? throw new IOException($"No {Platform} adapter is running to fetch the image.")
                    : media.OpenAsync(stored.Reference, stored.DeclaredLength, ct))
            {
                Reference = stored.Reference,
            };
        }

        return new ChatRequest(Address, DisplayName, MessageId, Command, Text, image, IsGroupChat) { Target = Target, IsChatAdmin = IsChatAdmin };
    }

    public string Serialize() => JsonSerializer.Serialize(this, ChatJobJson.Default.ChatRequestPayload);

    public static ChatRequestPayload? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ChatJobJson.Default.ChatRequestPayload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

internal sealed record ChatImagePayload(
    [property: JsonPropertyName("f")] string FileName,
    [property: JsonPropertyName("l")] long? DeclaredLength,
    [property: JsonPropertyName("r")] string Reference);

internal sealed record LedgerResumePayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("m")] string MessageId);

[JsonSerializable(typeof(ChatRequestPayload))]
[JsonSerializable(typeof(LedgerResumePayload))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ChatJobJson : JsonSerializerContext;
