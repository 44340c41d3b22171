using System.Text.Json;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The REST side of the sandbox: <c>/v2/userinfo</c>, <c>/rest/posts</c>, <c>/rest/images</c> and the image
/// upload URL — the calls the LinkedIn client makes, answered the way linkedin-api.md §2, §3, §6 and §7 describe.
/// </summary>
internal static class SandboxApiEndpoints
{
    /// <summary>LinkedIn's limit on <c>commentary</c>.</summary>
    public const int MaxCommentaryLength = 3000;

    public const string UploadPath = "/media-upload";

    public const string MediaPath = "/media";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapGet("/v2/userinfo", UserInfo);
        api.MapPost("/rest/posts", CreatePostAsync).DisableAntiforgery();
        api.MapDelete("/rest/posts/{urn}", DeletePostAsync);
        api.MapPost("/rest/posts/{urn}", UpdatePostAsync).DisableAntiforgery();
        api.MapPost("/rest/images", InitializeUploadAsync).DisableAntiforgery();
        api.MapPut(UploadPath + "/{id}", UploadAsync).DisableAntiforgery();
        api.MapGet(MediaPath + "/{id}", Media);
        SandboxDocumentEndpoints.Map(api);
        api.MapGet("/rest/organizationAcls", OrganizationAcls);
        api.MapGet("/rest/organizations/{id}", Organization);
    }

    /// <summary>Every sandbox member administers <see cref="SandboxPage"/> (with <c>r_organization_admin</c>).</summary>
    private static IResult OrganizationAcls(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        if (SandboxBearer.CheckVersion(request) is { } versionProblem)
        {
            return versionProblem;
        }

        if (!grant.Scopes.Contains("r_organization_admin") && !grant.Scopes.Contains("rw_organization_admin"))
        {
            return SandboxErrors.AccessDenied("organizationAcls.FINDER-roleAssignee");
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["paging"] = new Dictionary<string, object> { ["start"] = 0, ["count"] = 10, ["total"] = 1 },
            ["elements"] = new object[]
            {
                new Dictionary<string, object>
                {
                    ["roleAssignee"] = grant.Member.Urn,
                    ["state"] = "APPROVED",
                    ["role"] = "ADMINISTRATOR",
                    ["organization"] = SandboxPage.Urn,
                },
            },
        });
    }

    private static IResult Organization(string id, HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        if (id != SandboxPage.Id)
        {
            return SandboxErrors.Rest(StatusCodes.Status404NotFound, "NOT_FOUND", $"Organization {id} does not exist in the sandbox");
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["id"] = long.Parse(SandboxPage.Id, System.Globalization.CultureInfo.InvariantCulture),
            ["localizedName"] = SandboxPage.Name,
            ["vanityName"] = SandboxPage.VanityName,
        });
    }

    /// <summary>Who a post, image or upload of <paramref name="grant"/> may name: the member, or the sandbox page with its scope.</summary>
    internal static bool MayActAs(SandboxAccessGrant grant, string? urn) =>
        string.Equals(urn, grant.Member.Urn, StringComparison.Ordinal) || (urn == SandboxPage.Urn && SandboxPage.MayPost(grant));

    private static bool MayChange(SandboxAccessGrant grant, SandboxPost post) =>
        post.Author.Sub == grant.Member.Sub || (post.Author.Sub == SandboxPage.AuthorSub && SandboxPage.MayPost(grant));

    private static IResult UserInfo(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        var member = grant.Member;
        var space = member.Name.IndexOf(' ', StringComparison.Ordinal);
        return Results.Json(new Dictionary<string, object>
        {
            ["sub"] = member.Sub,
            ["name"] = member.Name,
            ["given_name"] = space > 0 ? member.Name[..space] : member.Name,
            ["family_name"] = space > 0 ? member.Name[(space + 1)..] : string.Empty,

            // Live LinkedIn sends locale as an object although the docs say string (capture): keep clients honest.
            ["locale"] = new Dictionary<string, string> { ["country"] = "US", ["language"] = "en" },
        });
    }

    private static async Task<IResult> CreatePostAsync(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        if (SandboxBearer.CheckVersion(request) is { } versionProblem)
        {
            return versionProblem;
        }

        SandboxPostRequest post;
        try
        {
            post = await SandboxPostRequest.ReadAsync(request);
        }
        catch (JsonException ex)
        {
            return SandboxErrors.BadRequest($"Malformed post body: {ex.Message}");
        }

        var asPage = post.Author == SandboxPage.Urn;
        if (!grant.Scopes.Contains(asPage ? "w_organization_social" : "w_member_social"))
        {
            return SandboxErrors.AccessDenied("partnerApiPostsExternal.CREATE");
        }

        if (!MayActAs(grant, post.Author))
        {
            return SandboxErrors.AccessDenied("partnerApiPostsExternal.CREATE (author must be the member of the token, or a page it administers)");
        }

        var author = asPage ? SandboxPage.Author : grant.Member;

        if (post.Commentary.Length > MaxCommentaryLength)
        {
            return SandboxErrors.Rest(
                StatusCodes.Status400BadRequest,
                "FIELD_LENGTH_TOO_LONG",
                $"/commentary :: length {post.Commentary.Length} exceeds maximum allowed length {MaxCommentaryLength}");
        }

        if (post.Visibility is not ("PUBLIC" or "CONNECTIONS" or "LOGGED_IN"))
        {
            return SandboxErrors.BadRequest($"/visibility :: unknown value {post.Visibility}");
        }

        if (post.LifecycleState != "PUBLISHED")
        {
            return SandboxErrors.BadRequest("/lifecycleState :: the sandbox only publishes (PUBLISHED)");
        }

        if ((post.MediaUrn is not null ? 1 : 0) + (post.MultiImage is not null ? 1 : 0) + (post.Article is not null ? 1 : 0) > 1)
        {
            return SandboxErrors.BadRequest("/content :: only one of media, multiImage and article");
        }

        var (media, mediaProblem) = SandboxDocumentEndpoints.ReadMedia(post, post.Author!, linkedIn);
        if (mediaProblem is not null)
        {
            return mediaProblem;
        }

        if (media is null && post.MediaUrn?.StartsWith("urn:li:video:", StringComparison.Ordinal) == true)
        {
            if (SandboxVideoEndpoints.CheckForPost(request.HttpContext.RequestServices.GetRequiredService<SandboxVideos>(), post.MediaUrn, post.Author!) is { } videoProblem)
            {
                return SandboxErrors.BadRequest(videoProblem);
            }

            media = new SandboxMedia(null, null) { VideoId = post.MediaUrn["urn:li:video:".Length..] };
        }

        string? imageId = null;
        if (post.MediaUrn is not null && media is null)
        {
            var image = post.MediaUrn.StartsWith("urn:li:image:", StringComparison.Ordinal)
                ? linkedIn.FindImage(post.MediaUrn["urn:li:image:".Length..])
                : null;
            if (image is null || image.OwnerUrn != post.Author || image.Bytes is null)
            {
                return SandboxErrors.BadRequest($"/content/media/id :: {post.MediaUrn} is not an uploaded image of {post.Author}");
            }

            imageId = image.Id;
        }

        SandboxArticle? article = null;
        if (post.Article is { } card)
        {
            if (imageId is not null)
            {
                return SandboxErrors.BadRequest("/content :: only one of media, multiImage and article");
            }

            if (card.Source is null || !Uri.TryCreate(card.Source, UriKind.Absolute, out var source) || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
            {
                return SandboxErrors.BadRequest("/content/article/source :: an absolute http(s) URL is required");
            }

            if (string.IsNullOrWhiteSpace(card.Title))
            {
                return SandboxErrors.BadRequest("/content/article/title :: required");
            }

            string? thumbnailId = null;
            if (card.Thumbnail is { } thumbnail)
            {
                var image = thumbnail.StartsWith("urn:li:image:", StringComparison.Ordinal)
                    ? linkedIn.FindImage(thumbnail["urn:li:image:".Length..])
                    : null;
                if (image is null || image.OwnerUrn != post.Author || image.Bytes is null)
                {
                    return SandboxErrors.BadRequest($"/content/article/thumbnail :: {thumbnail} is not an uploaded image of {post.Author}");
                }

                thumbnailId = image.Id;
            }

            article = new SandboxArticle(card.Source, card.Title, card.Description, thumbnailId);
        }

        if (post.Commentary.Length == 0 && imageId is null && article is null && media is null)
        {
            return SandboxErrors.BadRequest("/commentary :: a post needs text or media");
        }

        var (created, duplicate) = linkedIn.CreatePost(
            author,
            post.Commentary,
            LittleText.Render(post.Commentary),
            post.Visibility,
            imageId,
            post.MediaAltText,
            article,
            media);
        if (duplicate)
        {
            return SandboxErrors.DuplicatePost(created.Urn);
        }

        await request.HttpContext.RequestServices.GetRequiredService<SandboxState>().SavePostAsync(created, CancellationToken.None);

        request.HttpContext.Response.Headers["x-restli-id"] = created.Urn;
        request.HttpContext.Response.Headers.Location = "/rest/posts/" + Uri.EscapeDataString(created.Urn);
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static async Task<IResult> DeletePostAsync(string urn, HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        if (SandboxBearer.CheckVersion(request) is { } versionProblem)
        {
            return versionProblem;
        }

        var post = linkedIn.FindPost(urn);
        if (post is not null && !MayChange(grant, post))
        {
            return SandboxErrors.AccessDenied("partnerApiPostsExternal.DELETE");
        }

        // Deleting an already deleted (or unknown) post answers 204 too, like LinkedIn.
        linkedIn.DeletePost(urn);
        await request.HttpContext.RequestServices.GetRequiredService<SandboxState>().DeletePostAsync(urn, CancellationToken.None);
        return Results.NoContent();
    }

    /// <summary>A partial update of a post's commentary, the one change LinkedIn's Posts API allows the bot.</summary>
    private static async Task<IResult> UpdatePostAsync(string urn, HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        if (SandboxBearer.CheckVersion(request) is { } versionProblem)
        {
            return versionProblem;
        }

        if (request.Headers["X-RestLi-Method"] != "PARTIAL_UPDATE")
        {
            return SandboxErrors.BadRequest("Send X-RestLi-Method: PARTIAL_UPDATE to change a post.");
        }

        string? commentary;
        try
        {
            var json = await System.Text.Json.Nodes.JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            commentary = json?["patch"]?["$set"]?["commentary"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return SandboxErrors.BadRequest($"Malformed patch: {ex.Message}");
        }

        if (commentary is null)
        {
            return SandboxErrors.BadRequest("/patch/$set/commentary :: the sandbox changes only the commentary");
        }

        if (commentary.Length > MaxCommentaryLength)
        {
            return SandboxErrors.Rest(StatusCodes.Status400BadRequest, "FIELD_LENGTH_TOO_LONG", $"/commentary :: length {commentary.Length} exceeds maximum allowed length {MaxCommentaryLength}");
        }

        var post = linkedIn.FindPost(urn);
        if (post is null)
        {
            return Results.NotFound();
        }

        if (!MayChange(grant, post))
        {
            return SandboxErrors.AccessDenied("partnerApiPostsExternal.UPDATE");
        }

        var rendered = LittleText.Render(commentary);
        linkedIn.UpdatePost(urn, commentary, rendered);
        await request.HttpContext.RequestServices.GetRequiredService<SandboxState>().UpdatePostAsync(urn, commentary, rendered, CancellationToken.None);
        return Results.NoContent();
    }

    /// <summary>
    /// What every initializeUpload of the sandbox checks first (images, documents): the token, the version header, the
    /// action, and an owner the token may act as. Returns that owner, or the answer LinkedIn would give.
    /// </summary>
    internal static async Task<(string? Owner, IResult? Problem)> ReadUploadOwnerAsync(HttpRequest request, SandboxLinkedIn linkedIn, string api)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return (null, failure!);
        }

        if (SandboxBearer.CheckVersion(request) is { } versionProblem)
        {
            return (null, versionProblem);
        }

        if (!string.Equals(request.Query["action"].ToString(), "initializeUpload", StringComparison.Ordinal))
        {
            return (null, SandboxErrors.BadRequest($"The sandbox supports only action=initializeUpload on /rest/{api}"));
        }

        string? owner;
        try
        {
            using var json = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            owner = json.RootElement.TryGetProperty("initializeUploadRequest", out var init) && init.ValueKind == JsonValueKind.Object &&
                    init.TryGetProperty("owner", out var o) && o.ValueKind == JsonValueKind.String
                ? o.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            return (null, SandboxErrors.BadRequest($"Malformed initializeUpload body: {ex.Message}"));
        }

        if (owner is null)
        {
            return (null, SandboxErrors.BadRequest("/initializeUploadRequest/owner :: required"));
        }

        if (!MayActAs(grant, owner))
        {
            return (null, SandboxErrors.AccessDenied($"{api}.initializeUpload (owner must be the member of the token, or a page it administers)"));
        }

        return (owner, null);
    }

    private static async Task<IResult> InitializeUploadAsync(HttpRequest request, SandboxLinkedIn linkedIn, IOptions<BotOptions> bot)
    {
        var (owner, problem) = await ReadUploadOwnerAsync(request, linkedIn, "images");
        if (owner is null)
        {
            return problem!;
        }

        var image = linkedIn.RegisterImage(owner);
        var uploadUrl = SandboxRegistration.SandboxBase(bot.Value) + UploadPath + "/" + image.Id;
        return Results.Json(new Dictionary<string, object>
        {
            ["value"] = new Dictionary<string, object>
            {
                ["uploadUrlExpiresAt"] = (linkedIn.Now + TimeSpan.FromDays(1)).ToUnixTimeMilliseconds(),
                ["uploadUrl"] = uploadUrl,
                ["image"] = image.Urn,
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

        var image = linkedIn.FindImage(id);
        if (image is null)
        {
            return Results.NotFound();
        }

        if (!MayActAs(grant, image.OwnerUrn))
        {
            return SandboxErrors.AccessDenied("images upload (not the owner of this image)");
        }

        // No more than LinkedIn takes (the bot checks that before uploading): the sandbox keeps images in memory.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = LinkedInImageRules.MaxBytes;
        }

        if (request.ContentLength > LinkedInImageRules.MaxBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var bytes = buffer.ToArray();
        linkedIn.StoreImageBytes(id, bytes, SandboxImageTypes.Sniff(bytes));
        return Results.StatusCode(StatusCodes.Status201Created);
    }

    private static IResult Media(string id, HttpContext context, SandboxLinkedIn linkedIn)
    {
        var image = linkedIn.FindImage(id);
        if (image?.Bytes is null || image.ContentType == SandboxImageTypes.Unknown)
        {
            return Results.NotFound();
        }

        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.Bytes(image.Bytes, image.ContentType);
    }
}
