using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// A <see cref="ChatRequest"/> as stored in a job: everything but the attachments' openers, which are rebuilt from their
/// references by the platform's <see cref="IChatMediaSource"/>. Attachments are stored as a list (<c>a</c>); a payload
/// stored before albums and documents carries its one image as <c>img</c>, which is still read. <see cref="ReplyTo"/> is where this request's own replies
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

    /// <summary><see cref="ChatRequest.Attachments"/>, in order.</summary>
    [JsonPropertyName("a")]
    public IReadOnlyList<AttachmentPayload>? Attachments { get; init; }

    /// <summary><see cref="ChatRequest.IsChatAdmin"/>.</summary>
    [JsonPropertyName("adm")]
    public bool? IsChatAdmin { get; init; }

    public static ChatRequestPayload From(ChatRequest request, string? replyTo)
    {
        var attachments = request.Attachments.Select(attached => attached.Reference is null
            ? throw new ArgumentException("A stored request's attachment needs a reference its platform can open again.", nameof(request))
            : AttachmentPayload.From(attached.ToReference())).ToList();

        var address = request.Address;
        return new ChatRequestPayload(address.Platform, address.ChatId, address.UserId, address.ReplyContext, replyTo, request.DisplayName, request.MessageId, request.Command, request.Text, null, request.IsGroupChat)
        {
            Target = request.Target,
            Attachments = attachments.Count == 0 ? null : attachments,
            IsChatAdmin = request.IsChatAdmin,
        };
    }

    public ChatAddress Address => new(Platform, ChatId, UserId, ReplyContext);

    /// <summary>Where this request's replies go.</summary>
    public ChatAddress ReplyAddress => new(Platform, ChatId, UserId, ReplyTo ?? ReplyContext);

    public ChatRequest ToRequest(IChatMediaSource? media)
    {
        var stored = Attachments?.Select(a => a.ToReference())
            ?? (Image is { } image ? [new AttachmentReference(AttachmentKind.Image, image.FileName, image.DeclaredLength, image.Reference)] : []);
        var attachments = stored.Select(a => a.ToAttachment(Platform, media)).ToList();

        // One image is written the short way, as adapters do, so a request reads the same after its trip through the store.
        var request = new ChatRequest(Address, DisplayName, MessageId, Command, Text, null, IsGroupChat) { Target = Target, IsChatAdmin = IsChatAdmin };
        return attachments switch
        {
            [] => request,
            [ChatImage only] => request with { Image = only },
            _ => request with { Attachments = attachments },
        };
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

/// <summary>The one image of a payload stored before attachments were a list; read, no longer written.</summary>
internal sealed record ChatImagePayload(
    [property: JsonPropertyName("f")] string FileName,
    [property: JsonPropertyName("l")] long? DeclaredLength,
    [property: JsonPropertyName("r")] string Reference);

internal sealed record AttachmentPayload(
    [property: JsonPropertyName("k")] AttachmentKind Kind,
    [property: JsonPropertyName("f")] string FileName,
    [property: JsonPropertyName("l")] long? DeclaredLength,
    [property: JsonPropertyName("r")] string Reference)
{
    [JsonPropertyName("ct")]
    public string? ContentType { get; init; }

    [JsonPropertyName("alt")]
    public string? AltText { get; init; }

    public static AttachmentPayload From(AttachmentReference a) =>
        new(a.Kind, a.FileName, a.DeclaredLength, a.Reference) { ContentType = a.ContentType, AltText = a.AltText };

    public AttachmentReference ToReference() =>
        new(Kind, FileName, DeclaredLength, Reference) { ContentType = ContentType, AltText = AltText };
}

/// <summary>Attachments as the ledger stores them: the jobs' JSON, so one format describes a stored attachment.</summary>
internal static class AttachmentJson
{
    public static string Serialize(IReadOnlyList<AttachmentReference> attachments) =>
        JsonSerializer.Serialize(attachments.Select(AttachmentPayload.From).ToList(), ChatJobJson.Default.ListAttachmentPayload);

    public static IReadOnlyList<AttachmentReference> Deserialize(string json) =>
        (JsonSerializer.Deserialize(json, ChatJobJson.Default.ListAttachmentPayload) ?? []).Select(a => a.ToReference()).ToList();
}

internal sealed record LedgerResumePayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("m")] string MessageId);

[JsonSerializable(typeof(ChatRequestPayload))]
[JsonSerializable(typeof(LedgerResumePayload))]
[JsonSerializable(typeof(List<AttachmentPayload>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(LinkedInBot.Core.Chat.AlbumCheckPayload))]
[JsonSerializable(typeof(LinkedInBot.Core.Chat.AlbumItemPayload))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ChatJobJson : JsonSerializerContext;
