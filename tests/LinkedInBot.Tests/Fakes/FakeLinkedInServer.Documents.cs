using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// Documents API and multi-image posts, strict as LinkedIn is (reference linkedin-api.md §11): a document is
/// WAITING_UPLOAD until one PUT of its bytes, then AVAILABLE; a second PUT is refused (the bot must never send a file
/// in parts); a post names an AVAILABLE document with a title, or 2–20 uploaded images owned by its author.
/// </summary>
public sealed partial class FakeLinkedInServer
{
    private readonly Dictionary<string, (string Owner, byte[]? Bytes)> _documents = [];

    /// <summary>The bytes PUT for each document URN (null: initialized, not uploaded).</summary>
    public IReadOnlyDictionary<string, byte[]?> Documents
    {
        get
        {
            lock (_gate)
            {
                return _documents.ToDictionary(pair => pair.Key, pair => pair.Value.Bytes);
            }
        }
    }

    /// <summary>The number of PUTs to document upload URLs, refused ones included.</summary>
    public int DocumentPuts => Requests.Count(r => r.Method == "PUT" && r.Path.StartsWith("/upload-document/", StringComparison.Ordinal));

    private async Task InitializeDocumentUploadAsync(HttpContext context)
    {
        if (context.Request.Query["action"] != "initializeUpload")
        {
            await WriteAsync(context, 400, """{"status":400,"message":"Unknown action"}""");
            return;
        }

        if (RejectApiCall(context, out var member) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Body);
            return;
        }

        var json = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (json?["initializeUploadRequest"]?["owner"]?.GetValue<string>() != "urn:li:person:" + member.Sub)
        {
            await WriteAsync(context, 403, FakeLinkedInBodies.AccessDenied);
            return;
        }

        string id;
        lock (_gate)
        {
            id = "D4D10AQ" + (++_nextId);
            _documents["urn:li:document:" + id] = ("urn:li:person:" + member.Sub, null);
        }

        var body = new JsonObject
        {
            ["value"] = new JsonObject
            {
                ["uploadUrlExpiresAt"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
                ["uploadUrl"] = $"{BaseUrl}/upload-document/{id}",
                ["document"] = "urn:li:document:" + id,
            },
        };
        await WriteAsync(context, 200, body.ToJsonString());
    }

    private async Task UploadDocumentAsync(HttpContext context)
    {
        if (Authenticate(context, out _) is { } failure)
        {
            await WriteAsync(context, 401, failure);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var urn = "urn:li:document:" + (string)context.Request.RouteValues["id"]!;
        lock (_gate)
        {
            if (!_documents.TryGetValue(urn, out var known))
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (known.Bytes is not null)
            {
                // A document takes one PUT of the whole file; another would overwrite the first.
                context.Response.StatusCode = 409;
                return;
            }

            _documents[urn] = (known.Owner, buffer.ToArray());
        }

        context.Response.StatusCode = 201;
    }

    /// <summary>Why LinkedIn would refuse the post's media, or null. Called under the lock.</summary>
    private string? CheckMedia(JsonNode? content, string? author)
    {
        if (content is JsonObject fields && fields.Count(f => f.Key is "media" or "multiImage" or "article") > 1)
        {
            return """{"status":400,"message":"content holds exactly one of media, multiImage, article"}""";
        }

        if (content?["media"]?["id"]?.GetValue<string>() is { } id && id.StartsWith("urn:li:document:", StringComparison.Ordinal))
        {
            if (!_documents.TryGetValue(id, out var document) || document.Bytes is null)
            {
                return $$"""{"status":400,"code":"MEDIA_ASSET_WAITING_UPLOAD","message":"Document {{id}} is not AVAILABLE"}""";
            }

            if (document.Owner != author)
            {
                return """{"status":400,"message":"The document is not owned by the author"}""";
            }

            if (string.IsNullOrWhiteSpace(content["media"]?["title"]?.GetValue<string>()))
            {
                return """{"status":400,"message":"/content/media/title is required for a document"}""";
            }
        }

        if (content?["multiImage"] is { } multi)
        {
            if (multi["images"] is not JsonArray images || images.Count is < 2 or > 20)
            {
                return """{"status":400,"message":"/content/multiImage/images must hold 2 to 20 images"}""";
            }

            foreach (var image in images)
            {
                var imageId = image?["id"]?.GetValue<string>();
                if (imageId is null || !_images.TryGetValue(imageId, out var bytes) || bytes is null)
                {
                    return $$"""{"status":400,"message":"Image {{imageId}} is not available"}""";
                }

                if (!_imageOwners.TryGetValue(imageId, out var owner) || owner != author)
                {
                    return $$"""{"status":400,"message":"Image {{imageId}} is not owned by the author"}""";
                }
            }
        }

        return null;
    }

    private static IReadOnlyList<FakeImage>? MultiImageOf(JsonNode? content) =>
        content?["multiImage"]?["images"] is JsonArray images
            ? images.Select(i => new FakeImage(i!["id"]!.GetValue<string>(), i["altText"]?.GetValue<string>())).ToList()
            : null;
}
