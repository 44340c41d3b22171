using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// The Videos API, strictly (reference linkedin-api.md §11): initializeUpload cuts the file into parts of
/// <see cref="VideoPartSize"/> bytes; each PUT must carry exactly its part's length; each answer carries an ETag;
/// finalizeUpload must list every ETag in the instructions' order; the status goes WAITING_UPLOAD → PROCESSING →
/// AVAILABLE (or PROCESSING_FAILED); a post may use the video only once it is AVAILABLE.
/// </summary>
public sealed partial class FakeLinkedInServer
{
    private readonly Dictionary<string, FakeVideo> _videos = [];

    /// <summary>The size of each part but the last (LinkedIn: 4 MiB); tests make it small.</summary>
    public int VideoPartSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>How many status polls after finalize answer PROCESSING before the video is AVAILABLE.</summary>
    public int VideoProcessingPolls { get; set; } = 1;

    /// <summary>Videos finalized from now on fail processing (status PROCESSING_FAILED) with this reason.</summary>
    public string? VideoProcessingFailure { get; set; }

    /// <summary>The next PUT of this part index (of any video) is answered 500 after its bytes were read.</summary>
    public int? FailVideoPartOnce { get; set; }

    /// <summary>
    /// Off for the benchmark: parts are checked and counted but not kept, so the fake's own memory stays flat. On by
    /// default, so tests can compare the bytes.
    /// </summary>
    public bool KeepVideoBytes { get; set; } = true;

    /// <summary>Every video initialized, by URN.</summary>
    public IReadOnlyDictionary<string, FakeVideo> Videos
    {
        get
        {
            lock (_gate)
            {
                return _videos.ToDictionary(pair => pair.Key, pair => pair.Value.Snapshot());
            }
        }
    }

    private void MapVideos(WebApplication app)
    {
        app.MapPost("/rest/videos", (RequestDelegate)VideoActionAsync);
        app.MapGet("/rest/videos/{urn}", (RequestDelegate)VideoStatusAsync);
        app.MapPut("/video-upload/{id}/{part:int}", (RequestDelegate)VideoPartAsync);
    }

    /// <summary>Null when a post may use this media id; otherwise LinkedIn's refusal.</summary>
    private (int Status, string Body)? RejectVideoMedia(string mediaId)
    {
        if (!_videos.TryGetValue(mediaId, out var video))
        {
            return (400, $$"""{"status":400,"message":"Video {{mediaId}} does not exist"}""");
        }

        return video.Status == "AVAILABLE"
            ? null
            : (400, $$"""{"status":400,"code":"MEDIA_ASSET_WAITING_UPLOAD","message":"Video {{mediaId}} is {{video.Status}}"}""");
    }

    private async Task VideoActionAsync(HttpContext context)
    {
        if (RejectApiCall(context, out var member) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Body);
            return;
        }

        var json = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var action = context.Request.Query["action"].ToString();
        var (status, body) = action switch
        {
            "initializeUpload" => InitializeVideo(json?["initializeUploadRequest"], member),
            "finalizeUpload" => FinalizeVideo(json?["finalizeUploadRequest"], member),
            _ => (400, """{"status":400,"message":"Unknown action"}"""),
        };
        await WriteAsync(context, status, body);
    }

    private (int Status, string Body) InitializeVideo(JsonNode? request, FakeToken member)
    {
        if (request?["owner"]?.GetValue<string>() != "urn:li:person:" + member.Sub)
        {
            return (403, FakeLinkedInBodies.AccessDenied);
        }

        var size = request["fileSizeBytes"]?.GetValue<long>() ?? 0;
        if (size <= 0 || request["uploadCaptions"]?.GetValue<bool>() != false || request["uploadThumbnail"]?.GetValue<bool>() != false)
        {
            return (400, """{"status":400,"message":"fileSizeBytes, uploadCaptions and uploadThumbnail are required"}""");
        }

        string id;
        var partSize = VideoPartSize;
        var instructions = new JsonArray();
        lock (_gate)
        {
            id = "C5610AQ" + (++_nextId);
            var parts = (int)((size + partSize - 1) / partSize);
            var video = new FakeVideo("urn:li:video:" + id, member.Sub, size, partSize, "uf-" + RandomNumberGenerator.GetHexString(16, lowercase: true), parts);
            _videos[video.Urn] = video;
            for (var part = 0; part < parts; part++)
            {
                var first = (long)part * partSize;
                instructions.Add(new JsonObject
                {
                    ["uploadUrl"] = $"{BaseUrl}/video-upload/{id}/{part}",
                    ["firstByte"] = first,
                    ["lastByte"] = Math.Min(first + partSize, size) - 1,
                });
            }

            return (200, new JsonObject
            {
                ["value"] = new JsonObject
                {
                    ["uploadUrlsExpireAt"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
                    ["video"] = video.Urn,
                    ["uploadInstructions"] = instructions,
                    ["uploadToken"] = video.UploadToken,
                },
            }.ToJsonString());
        }
    }

    private async Task VideoPartAsync(HttpContext context)
    {
        var urn = "urn:li:video:" + (string)context.Request.RouteValues["id"]!;
        var index = int.Parse((string)context.Request.RouteValues["part"]!, System.Globalization.CultureInfo.InvariantCulture);
        FakeVideo? video;
        lock (_gate)
        {
            _videos.TryGetValue(urn, out video);
        }

        if (video is null || index < 0 || index >= video.PartCount)
        {
            context.Response.StatusCode = 404;
            return;
        }

        // Read into the part's own buffer, counting: a part of the wrong length is refused, as LinkedIn does.
        var expected = video.PartLength(index);
        var bytes = new byte[KeepVideoBytes ? expected : 0];
        long received = 0;
        var chunk = new byte[81920];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (KeepVideoBytes && received + read <= expected)
            {
                chunk.AsSpan(0, read).CopyTo(bytes.AsSpan((int)received));
            }

            received += read;
        }

        if (received != expected)
        {
            await WriteAsync(context, 400, $$"""{"status":400,"message":"Part {{index}} must be {{expected}} bytes, got {{received}}"}""");
            return;
        }

        if (UploadLatency > TimeSpan.Zero)
        {
            await Task.Delay(UploadLatency, context.RequestAborted);
        }

        lock (_gate)
        {
            if (FailVideoPartOnce == index)
            {
                FailVideoPartOnce = null;
                context.Response.StatusCode = 500;
                return;
            }
        }

        string etag;
        lock (_gate)
        {
            etag = video.Receive(index, KeepVideoBytes ? bytes : null);
        }

        context.Response.Headers.ETag = etag;
        context.Response.StatusCode = 200;
    }

    private (int Status, string Body) FinalizeVideo(JsonNode? request, FakeToken member)
    {
        var urn = request?["video"]?.GetValue<string>() ?? string.Empty;
        lock (_gate)
        {
            if (!_videos.TryGetValue(urn, out var video) || video.Owner != member.Sub)
            {
                return (404, """{"status":404,"message":"No such video"}""");
            }

            if (video.Status != "WAITING_UPLOAD")
            {
                return (400, """{"status":400,"message":"The upload is already finalized"}""");
            }

            var partIds = (request!["uploadedPartIds"] as JsonArray)?.Select(id => id?.GetValue<string>()).ToList();
            if (request["uploadToken"]?.GetValue<string>() != video.UploadToken)
            {
                return (400, """{"status":400,"message":"Invalid uploadToken"}""");
            }

            if (partIds is null || !partIds.SequenceEqual(video.ETags))
            {
                // The ETags must be those of the parts, in the instructions' order.
                return (400, """{"status":400,"message":"uploadedPartIds do not match the uploaded parts"}""");
            }

            video.Finalize(VideoProcessingPolls, VideoProcessingFailure);
            return (200, string.Empty);
        }
    }

    private Task VideoStatusAsync(HttpContext context)
    {
        if (RejectApiCall(context, out var member) is { } refused)
        {
            return WriteAsync(context, refused.Status, refused.Body);
        }

        var urn = (string)context.Request.RouteValues["urn"]!;
        string body;
        lock (_gate)
        {
            if (!_videos.TryGetValue(urn, out var video) || video.Owner != member.Sub)
            {
                return WriteAsync(context, 404, """{"status":404,"message":"No such video"}""");
            }

            var status = video.Poll();
            var json = new JsonObject { ["id"] = urn, ["owner"] = "urn:li:person:" + video.Owner, ["status"] = status };
            if (status == "PROCESSING_FAILED")
            {
                json["processingFailureReason"] = video.FailureReason;
            }

            body = json.ToJsonString();
        }

        return WriteAsync(context, 200, body);
    }
}

/// <summary>A video at the fake: its parts as received, their ETags, its status.</summary>
public sealed class FakeVideo(string urn, string owner, long size, int partSize, string uploadToken, int partCount)
{
    private readonly byte[]?[] _parts = new byte[]?[partCount];
    private readonly string?[] _etags = new string?[partCount];
    private int _pollsLeft;

    public string Urn { get; } = urn;

    public string Owner { get; } = owner;

    public long Size { get; } = size;

    public string UploadToken { get; } = uploadToken;

    public int PartCount { get; } = partCount;

    /// <summary>WAITING_UPLOAD, PROCESSING, AVAILABLE or PROCESSING_FAILED.</summary>
    public string Status { get; private set; } = "WAITING_UPLOAD";

    public string? FailureReason { get; private set; }

    /// <summary>Parts accepted (a part sent again counts again).</summary>
    public int PartPuts { get; private set; }

    public IReadOnlyList<string?> ETags => _etags;

    /// <summary>The file as assembled from its parts; null until every part arrived (or when bytes are not kept).</summary>
    public byte[]? Bytes => _parts.All(part => part is not null) ? [.. _parts.SelectMany(part => part!)] : null;

    internal long PartLength(int index) => Math.Min((long)(index + 1) * partSize, Size) - ((long)index * partSize);

    internal string Receive(int index, byte[]? bytes)
    {
        PartPuts++;
        _parts[index] = bytes;
        _etags[index] = $"/ambry-video/signedId/{Urn}/part-{index}-{RandomNumberGenerator.GetHexString(8, lowercase: true)}";
        return _etags[index]!;
    }

    internal void Finalize(int processingPolls, string? failure)
    {
        Status = "PROCESSING";
        _pollsLeft = processingPolls;
        FailureReason = failure;
    }

    internal string Poll()
    {
        if (Status == "PROCESSING")
        {
            if (_pollsLeft > 0)
            {
                _pollsLeft--;
            }
            else
            {
                Status = FailureReason is null ? "AVAILABLE" : "PROCESSING_FAILED";
            }
        }

        return Status;
    }

    internal FakeVideo Snapshot()
    {
        var copy = new FakeVideo(Urn, Owner, Size, partSize, UploadToken, PartCount) { Status = Status, FailureReason = FailureReason, PartPuts = PartPuts, _pollsLeft = _pollsLeft };
        _parts.CopyTo(copy._parts, 0);
        _etags.CopyTo(copy._etags, 0);
        return copy;
    }
}
