using System.Text.Json;

namespace LinkedInBot.Sandbox;

/// <summary>The parts of a <c>POST /rest/posts</c> body the sandbox looks at.</summary>
internal sealed record SandboxPostRequest(string Author, string Commentary, string Visibility, string LifecycleState, string? MediaUrn, string? MediaAltText)
{
    /// <summary><c>content.article</c> as sent: source, title, description, thumbnail (an image URN).</summary>
    public (string? Source, string? Title, string? Description, string? Thumbnail)? Article { get; init; }

    /// <summary><c>content.media.title</c> (required for a document).</summary>
    public string? MediaTitle { get; init; }

    /// <summary><c>content.multiImage.images</c> as sent: id and altText of each.</summary>
    public IReadOnlyList<(string? Id, string? AltText)>? MultiImage { get; init; }

    public static async Task<SandboxPostRequest> ReadAsync(HttpRequest request)
    {
        using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the body must be a JSON object");
        }

        string? mediaUrn = null;
        string? altText = null;
        string? title = null;
        if (root.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object &&
            content.TryGetProperty("media", out var media) && media.ValueKind == JsonValueKind.Object)
        {
            mediaUrn = String(media, "id");
            altText = String(media, "altText");
            title = String(media, "title");
        }

        List<(string?, string?)>? multiImage = null;
        if (root.TryGetProperty("content", out var withImages) && withImages.ValueKind == JsonValueKind.Object &&
            withImages.TryGetProperty("multiImage", out var multi) && multi.ValueKind == JsonValueKind.Object)
        {
            multiImage = multi.TryGetProperty("images", out var images) && images.ValueKind == JsonValueKind.Array
                ? images.EnumerateArray().Select(i => i.ValueKind == JsonValueKind.Object ? (String(i, "id"), String(i, "altText")) : (null, null)).ToList()
                : [];
        }

        (string?, string?, string?, string?)? article = null;
        if (root.TryGetProperty("content", out var withArticle) && withArticle.ValueKind == JsonValueKind.Object &&
            withArticle.TryGetProperty("article", out var card) && card.ValueKind == JsonValueKind.Object)
        {
            article = (String(card, "source"), String(card, "title"), String(card, "description"), String(card, "thumbnail"));
        }

        return new SandboxPostRequest(
            String(root, "author") ?? string.Empty,
            String(root, "commentary") ?? string.Empty,
            String(root, "visibility") ?? string.Empty,
            String(root, "lifecycleState") ?? string.Empty,
            mediaUrn,
            altText)
        {
            Article = article,
            MediaTitle = title,
            MultiImage = multiImage,
        };
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>Recognises the image formats LinkedIn takes (JPG, PNG, GIF) from their first bytes, never from a name.</summary>
internal static class SandboxImageTypes
{
    public const string Unknown = "application/octet-stream";

    public static string Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => "image/gif",
        _ => Unknown,
    };
}
