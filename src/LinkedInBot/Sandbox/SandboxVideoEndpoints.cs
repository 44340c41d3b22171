using System.Text.Json;
using System.Text.Json.Nodes;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The Videos API of the sandbox (linkedin-api.md §11): <c>/rest/videos?action=initializeUpload</c> → part PUTs (no
/// Authorization: the URLs stand for LinkedIn's signed ones) → <c>?action=finalizeUpload</c> with the ETags in order →
/// <c>GET /rest/videos/{urn}</c>; and the video file for the feed's player.
/// </summary>
internal static class SandboxVideoEndpoints
{
    public const string UploadPath = "/video-upload";

    public const string VideoPath = "/media/video";

    public static void Map(IEndpointRouteBuilder api)
    {
        api.MapPost("/rest/videos", VideoActionAsync).DisableAntiforgery();
        api.MapGet("/rest/videos/{urn}", VideoStatus);
        api.MapPut(UploadPath + "/{id}/{part:int}", PartAsync).DisableAntiforgery();
        api.MapGet(VideoPath + "/{id}", Video);
    }

    /// <summary>Null when a post of <paramref name="ownerUrn"/> may show this video; otherwise why not.</summary>
    public static string? CheckForPost(SandboxVideos videos, string mediaUrn, string ownerUrn)
    {
        var video = mediaUrn.StartsWith("urn:li:video:", StringComparison.Ordinal) ? videos.Find(mediaUrn["urn:li:video:".Length..]) : null;
        if (video is null || video.OwnerUrn != ownerUrn)
        {
            return $"/content/media/id :: {mediaUrn} is not an uploaded video of {ownerUrn}";
        }

        return video.Status == "AVAILABLE" ? null : $"MEDIA_ASSET_WAITING_UPLOAD :: {mediaUrn} is {video.Status}";
    }

    private static async Task<IResult> VideoActionAsync(HttpRequest request, SandboxLinkedIn linkedIn, SandboxVideos videos, IOptions<BotOptions> bot)
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

        JsonNode? json;
        try
        {
            json = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        }
        catch (JsonException ex)
        {
            return SandboxErrors.BadRequest($"Malformed body: {ex.Message}");
        }

        try
        {
            return request.Query["action"].ToString() switch
            {
                "initializeUpload" => Initialize(json?["initializeUploadRequest"], grant, videos, bot.Value),
                "finalizeUpload" => Finalize(json?["finalizeUploadRequest"], grant, videos),
                _ => SandboxErrors.BadRequest("The sandbox supports action=initializeUpload and action=finalizeUpload on /rest/videos"),
            };
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            return SandboxErrors.BadRequest($"Malformed body: {ex.Message}");
        }
    }

    private static IResult Initialize(JsonNode? init, SandboxAccessGrant grant, SandboxVideos videos, BotOptions bot)
    {
        var owner = init?["owner"]?.GetValue<string>();
        if (owner is null)
        {
            return SandboxErrors.BadRequest("/initializeUploadRequest/owner :: required");
        }

        if (!SandboxApiEndpoints.MayActAs(grant, owner))
        {
            return SandboxErrors.AccessDenied("videos.initializeUpload (owner must be the member of the token, or a page it administers)");
        }

        var size = init!["fileSizeBytes"]?.GetValue<long>() ?? 0;
        if (LinkedInVideoRules.CheckLength(size) is { } sizeProblem)
        {
            return SandboxErrors.BadRequest("/initializeUploadRequest/fileSizeBytes :: " + sizeProblem);
        }

        var video = videos.Register(owner, size);
        var baseUrl = SandboxRegistration.SandboxBase(bot) + UploadPath + "/" + video.Id + "/";
        var instructions = Enumerable.Range(0, video.PartCount).Select(part => new Dictionary<string, object>
        {
            ["uploadUrl"] = baseUrl + part.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["firstByte"] = video.FirstByte(part),
            ["lastByte"] = video.LastByte(part),
        }).ToList();
        return Results.Json(new Dictionary<string, object>
        {
            ["value"] = new Dictionary<string, object>
            {
                ["uploadUrlsExpireAt"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
                ["video"] = video.Urn,
                ["uploadInstructions"] = instructions,
                ["uploadToken"] = video.UploadToken,
            },
        });
    }

    private static IResult Finalize(JsonNode? finalize, SandboxAccessGrant grant, SandboxVideos videos)
    {
        var urn = finalize?["video"]?.GetValue<string>() ?? string.Empty;
        var video = urn.StartsWith("urn:li:video:", StringComparison.Ordinal) ? videos.Find(urn["urn:li:video:".Length..]) : null;
        if (video is null || !SandboxApiEndpoints.MayActAs(grant, video.OwnerUrn))
        {
            return Results.NotFound();
        }

        var partIds = (finalize!["uploadedPartIds"] as JsonArray)?.Select(id => id?.GetValue<string>()).ToList() ?? [];
        return video.Finalize(finalize["uploadToken"]?.GetValue<string>(), partIds) is { } problem
            ? SandboxErrors.BadRequest(problem)
            : Results.Ok();
    }

    private static IResult VideoStatus(string urn, HttpRequest request, SandboxLinkedIn linkedIn, SandboxVideos videos)
    {
        var (grant, failure) = SandboxBearer.Authenticate(request, linkedIn);
        if (grant is null)
        {
            return failure!;
        }

        var video = urn.StartsWith("urn:li:video:", StringComparison.Ordinal) ? videos.Find(urn["urn:li:video:".Length..]) : null;
        if (video is null || !SandboxApiEndpoints.MayActAs(grant, video.OwnerUrn))
        {
            return Results.NotFound();
        }

        return Results.Json(new Dictionary<string, object> { ["id"] = video.Urn, ["owner"] = video.OwnerUrn, ["status"] = video.Poll() });
    }

    private static async Task<IResult> PartAsync(string id, int part, HttpRequest request, SandboxVideos videos)
    {
        var video = videos.Find(id);
        if (video is null || part < 0 || part >= video.PartCount)
        {
            return Results.NotFound();
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = SandboxVideos.PartSize;
        }

        string? etag;
        try
        {
            etag = await video.WritePartAsync(part, request.Body, request.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            etag = null;
        }

        if (etag is null)
        {
            return SandboxErrors.BadRequest($"Part {part} must be bytes {video.FirstByte(part)} to {video.LastByte(part)} of the video, exactly.");
        }

        request.HttpContext.Response.Headers.ETag = etag;
        return Results.Ok();
    }

    private static IResult Video(string id, HttpContext context, SandboxVideos videos)
    {
        var video = videos.Find(id);
        if (video is null || video.Status != "AVAILABLE" || !File.Exists(video.FilePath))
        {
            return Results.NotFound();
        }

        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return Results.File(video.FilePath, "video/mp4", enableRangeProcessing: true);
    }
}
