using System.Text.Json;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox's Documents API (<c>/rest/documents?action=initializeUpload</c>, one PUT of the whole file) and the
/// media of a post other than one image: <c>content.multiImage</c> (2–20 uploaded images of the author) and a
/// document's <c>content.media</c> {id, title}. A document's bytes are counted, not kept.
/// </summary>
internal static class SandboxDocumentEndpoints
{
    public const string DocumentUploadPath = "/document-upload";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/rest/documents", InitializeUploadAsync).DisableAntiforgery();
        api.MapPut(DocumentUploadPath + "/{id}", UploadAsync).DisableAntiforgery();
    }

    /// <summary>The post's multi-image or document content, or the error LinkedIn would answer; (null, null) for neither.</summary>
    public static (SandboxMedia? Media, IResult? Problem) ReadMedia(SandboxPostRequest post, string authorUrn, SandboxLinkedIn linkedIn)
    {
        if (post.MultiImage is { } images)
        {
            if (images.Count is < 2 or > 20)
            {
                return (null, SandboxErrors.BadRequest("/content/multiImage/images :: 2 to 20 images are required"));
            }

            var shown = new List<SandboxPostImage>();
            foreach (var (id, altText) in images)
            {
                var image = id is not null && id.StartsWith("urn:li:image:", StringComparison.Ordinal) ? linkedIn.FindImage(id["urn:li:image:".Length..]) : null;
                if (image is null || image.OwnerUrn != authorUrn || image.Bytes is null)
                {
                    return (null, SandboxErrors.BadRequest($"/content/multiImage/images :: {id} is not an uploaded image of {authorUrn}"));
                }

                shown.Add(new SandboxPostImage(image.Id, altText));
            }

            return (new SandboxMedia(shown, null), null);
        }

        if (post.MediaUrn is { } urn && urn.StartsWith("urn:li:document:", StringComparison.Ordinal))
        {
            var document = linkedIn.FindDocument(urn["urn:li:document:".Length..]);
            if (document is null || document.OwnerUrn != authorUrn)
            {
                return (null, SandboxErrors.BadRequest($"/content/media/id :: {urn} is not a document of {authorUrn}"));
            }

            if (document.Length is not { } length)
            {
                return (null, SandboxErrors.Rest(StatusCodes.Status400BadRequest, "MEDIA_ASSET_WAITING_UPLOAD", $"/content/media/id :: {urn} is waiting for its upload"));
            }

            if (string.IsNullOrWhiteSpace(post.MediaTitle))
            {
                return (null, SandboxErrors.BadRequest("/content/media/title :: required for a document"));
            }

            return (new SandboxMedia(null, new SandboxPostDocument(urn, post.MediaTitle, length)), null);
        }

        return (null, null);
    }

    private static async Task<IResult> InitializeUploadAsync(HttpRequest request, SandboxLinkedIn linkedIn, IOptions<BotOptions> bot)
    {
        var (owner, problem) = await SandboxApiEndpoints.ReadUploadOwnerAsync(request, linkedIn, "documents");
        if (owner is null)
        {
            return problem!;
        }

        var document = linkedIn.RegisterDocument(owner);
        return Results.Json(new Dictionary<string, object>
        {
            ["value"] = new Dictionary<string, object>
            {
                ["uploadUrlExpiresAt"] = (linkedIn.Now + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds(),
                ["uploadUrl"] = SandboxRegistration.SandboxBase(bot.Value) + DocumentUploadPath + "/" + document.Id,
                ["document"] = document.Urn,
            },
        });
    }

    private static async Task<IResult> UploadAsync(string id, HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        var document = linkedIn.FindDocument(id);
        if (document is null)
        {
            return Results.NotFound();
        }

        if (!SandboxApiEndpoints.MayActAs(grant, document.OwnerUrn))
        {
            return SandboxErrors.AccessDenied("documents upload (not the owner of this document)");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = LinkedInDocumentRules.MaxBytes;
        }

        // Counted as it streams by: the sandbox shows a document's title and size, never its pages.
        long length = 0;
        var buffer = new byte[81920];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            {
                length += read;
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        return linkedIn.StoreDocumentLength(id, length)
            ? Results.StatusCode(StatusCodes.Status201Created)
            : Results.Conflict();
    }
}
