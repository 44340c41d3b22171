using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    /// <summary>
    /// The largest part the bot buffers for its PUT (LinkedIn's parts are 4 MiB): a part is held once, so a failed PUT
    /// can be sent again without reading the source again. Instructions asking for more are refused.
    /// </summary>
    internal const int MaxVideoPartBytes = 16 * 1024 * 1024;

    private static readonly TimeSpan MaxVideoPollInterval = TimeSpan.FromSeconds(30);

    public async Task<LinkedInResult<string>> UploadVideoAsync(
        string accessToken,
        string ownerUrn,
        Stream video,
        long length,
        IProgress<VideoUploadProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (LinkedInVideoRules.CheckLength(length) is { } tooBigOrSmall)
        {
            return LinkedInResult<string>.Fail(new PublishOutcome.Rejected(tooBigOrSmall));
        }

        // The bytes decide, not a name: MP4 and QuickTime files carry "ftyp" at offset 4. Read before anything is
        // sent to LinkedIn, and replayed into the first part.
        var header = new byte[12];
        if (await ReadFullyAsync(video, header, cancellationToken) < header.Length || !header.AsSpan(4, 4).SequenceEqual("ftyp"u8))
        {
            return LinkedInResult<string>.Fail(new PublishOutcome.Rejected("That file is not an MP4 video."));
        }

        var initialize = JsonSerializer.Serialize(new
        {
            initializeUploadRequest = new { owner = ownerUrn, fileSizeBytes = length, uploadCaptions = false, uploadThumbnail = false },
        });

        // A repeated initialize only leaves an unused upload slot at LinkedIn: retried like any REST call.
        using var initializeRequest = RestRequest(HttpMethod.Post, "/rest/videos?action=initializeUpload", accessToken);
        initializeRequest.Content = new StringContent(initialize, Encoding.UTF8, "application/json");
        var answer = await SendAsync(initializeRequest, "video upload (initialize)", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<string>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<string>.Fail(Failure(answer, "video upload (initialize)"));
        }

        if (VideoUploadPlan.Parse(answer.Body, length) is not { } plan)
        {
            logger.LogWarning("LinkedIn's video initializeUpload answer had no usable video URN, upload token or byte ranges.");
            return LinkedInResult<string>.Fail(new PublishOutcome.Unavailable("LinkedIn did not say where to upload the video."));
        }

        var etags = await PutPartsAsync(plan, video, header, length, progress, cancellationToken);
        if (etags.Failure is { } putFailure)
        {
            return LinkedInResult<string>.Fail(putFailure);
        }

        progress?.Report(new VideoUploadProgress(length, length, Processing: true));
        if (await FinalizeVideoAsync(accessToken, plan, etags.Value!, cancellationToken) is { } finalizeFailure)
        {
            return LinkedInResult<string>.Fail(finalizeFailure);
        }

        var ready = await AwaitVideoAsync(accessToken, plan.VideoUrn, cancellationToken);
        return ready ?? LinkedInResult<string>.Ok(plan.VideoUrn);
    }

    /// <summary>
    /// PUTs each instruction's range, in the order of the bytes, one part buffered at a time; returns the ETags in the
    /// instructions' order (what finalizeUpload wants).
    /// </summary>
    private async Task<LinkedInResult<string[]>> PutPartsAsync(
        VideoUploadPlan plan,
        Stream video,
        byte[] header,
        long length,
        IProgress<VideoUploadProgress>? progress,
        CancellationToken cancellationToken)
    {
        var etags = new string[plan.Parts.Count];
        var largest = plan.Parts.Max(part => part.Length);
        var buffer = ArrayPool<byte>.Shared.Rent((int)largest);
        try
        {
            var headerLeft = header.Length;
            long sent = 0;
            progress?.Report(new VideoUploadProgress(0, length, Processing: false));
            foreach (var (part, index) in plan.Parts.Select((part, index) => (part, index)).OrderBy(p => p.part.FirstByte))
            {
                var size = (int)part.Length;
                var fromHeader = Math.Min(headerLeft, size);
                header.AsSpan(header.Length - headerLeft, fromHeader).CopyTo(buffer);
                headerLeft -= fromHeader;
                if (fromHeader + await ReadFullyAsync(video, buffer.AsMemory(fromHeader, size - fromHeader), cancellationToken) < size)
                {
                    logger.LogWarning("The video's source ended before the {Length} bytes it announced.", length);
                    return LinkedInResult<string[]>.Fail(new PublishOutcome.Rejected("The video ended before its announced size: it could not be read completely. Send it again."));
                }

                // Parts go to LinkedIn's signed upload URL without the member's token (reference: Videos API). A PUT
                // of the same bytes to the same URL is safe to repeat: the upload client retries it.
                using var put = new HttpRequestMessage(HttpMethod.Put, part.UploadUrl)
                {
                    Content = new ReadOnlyMemoryContent(buffer.AsMemory(0, size)),
                };
                put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                var (status, etag, transport) = await SendPartAsync(put, cancellationToken);
                if (transport is not null)
                {
                    return LinkedInResult<string[]>.Fail(transport);
                }

                if ((int)status is < 200 or >= 300)
                {
                    return LinkedInResult<string[]>.Fail(Failure(new ApiAnswer(status, string.Empty, null, null, NeverSent: false), "video upload (part)"));
                }

                if (string.IsNullOrEmpty(etag))
                {
                    logger.LogWarning("LinkedIn accepted video part {Part} of {Parts} without an ETag.", index + 1, plan.Parts.Count);
                    return LinkedInResult<string[]>.Fail(new PublishOutcome.Unavailable("LinkedIn did not confirm a part of the video."));
                }

                etags[index] = etag;
                sent += size;
                progress?.Report(new VideoUploadProgress(sent, length, Processing: false));
            }

            // A source longer than announced would lose its end silently: a cut video that LinkedIn takes.
            if (await video.ReadAsync(buffer.AsMemory(0, 1), cancellationToken) > 0)
            {
                logger.LogWarning("The video's source went on past the {Length} bytes it announced.", length);
                return LinkedInResult<string[]>.Fail(new PublishOutcome.Rejected("The video is longer than its announced size: it could not be read reliably. Send it again."));
            }

            return LinkedInResult<string[]>.Ok(etags);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(HttpStatusCode Status, string? ETag, PublishOutcome? Failure)> SendPartAsync(HttpRequestMessage put, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await httpClients.CreateClient(UploadClientName).SendAsync(put, cancellationToken);

            // Raw, not the parsed EntityTagHeaderValue: LinkedIn's part ids are opaque and need not be quoted.
            var etag = response.Headers.NonValidated.TryGetValues("ETag", out var values) ? values.ToString() : null;
            return (response.StatusCode, etag, null);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            logger.LogWarning("LinkedIn video upload (part) failed: {ExceptionType}", ex.GetType().Name);
            return (0, null, new PublishOutcome.Unavailable("The video could not be uploaded to LinkedIn."));
        }
    }

    /// <summary>
    /// finalizeUpload, sent once: a retry after a finalize that worked would be refused, and a refused finalize is no
    /// proof that the first one failed. When its answer is lost, the video's status tells: anything past
    /// WAITING_UPLOAD means LinkedIn took it.
    /// </summary>
    private async Task<PublishOutcome?> FinalizeVideoAsync(string accessToken, VideoUploadPlan plan, string[] etags, CancellationToken cancellationToken)
    {
        var finalize = JsonSerializer.Serialize(new
        {
            finalizeUploadRequest = new { video = plan.VideoUrn, uploadToken = plan.UploadToken, uploadedPartIds = etags },
        });
        using var request = RestRequest(HttpMethod.Post, "/rest/videos?action=finalizeUpload", accessToken);
        request.Options.Set(NotRepeatable, true);
        request.Content = new StringContent(finalize, Encoding.UTF8, "application/json");
        var answer = await SendAsync(request, "video upload (finalize)", cancellationToken);
        if (answer.IsSuccess)
        {
            return null;
        }

        var outcome = answer.TransportFailure ?? Failure(answer, "video upload (finalize)");
        if (outcome is not PublishOutcome.Unavailable || answer.NeverSent)
        {
            return outcome;
        }

        var status = await GetVideoStatusAsync(accessToken, plan.VideoUrn, cancellationToken);
        return status.Value is { } state && state.Status != "WAITING_UPLOAD" ? null : outcome;
    }

    /// <summary>
    /// Polls the video's status until LinkedIn has processed it (or gave up on it), for at most
    /// <see cref="LinkedInResilienceOptions.VideoProcessingTimeout"/>. The pause grows by half each time, up to 30 s:
    /// every poll counts against the member's daily calls (150 for Share on LinkedIn), so ten minutes of processing
    /// cost about 25 of them, and the usual half minute a handful.
    /// </summary>
    private async Task<LinkedInResult<string>?> AwaitVideoAsync(string accessToken, string videoUrn, CancellationToken cancellationToken)
    {
        var resilience = resilienceOptions.Value;
        var deadline = time.GetUtcNow() + resilience.VideoProcessingTimeout;
        var pause = resilience.VideoPollInterval;
        while (true)
        {
            var status = await GetVideoStatusAsync(accessToken, videoUrn, cancellationToken);
            if (status.Failure is { } failure)
            {
                return LinkedInResult<string>.Fail(failure);
            }

            switch (status.Value!.Status)
            {
                case "AVAILABLE":
                    return null;
                case "PROCESSING_FAILED":
                    logger.LogWarning("LinkedIn could not process video {VideoUrn}: {Reason}", videoUrn, status.Value.FailureReason);
                    return LinkedInResult<string>.Fail(new PublishOutcome.Rejected(VideoProcessingFailed(status.Value.FailureReason)));
            }

            if (time.GetUtcNow() >= deadline)
            {
                logger.LogWarning("LinkedIn was still processing video {VideoUrn} after {Timeout}", videoUrn, resilience.VideoProcessingTimeout);
                return LinkedInResult<string>.Fail(new PublishOutcome.Unavailable(
                    $"LinkedIn was still processing the video after {resilience.VideoProcessingTimeout.TotalMinutes:0} minutes."));
            }

            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 3 / 2, MaxVideoPollInterval.Ticks));
        }
    }

    internal static string VideoProcessingFailed(string? reason) =>
        "LinkedIn could not process the video" + (string.IsNullOrWhiteSpace(reason) ? "" : $" ({reason.Trim()})")
        + ". LinkedIn takes MP4 videos of 3 seconds to 30 minutes.";

    private async Task<LinkedInResult<VideoState>> GetVideoStatusAsync(string accessToken, string videoUrn, CancellationToken cancellationToken)
    {
        using var request = RestRequest(HttpMethod.Get, "/rest/videos/" + Uri.EscapeDataString(videoUrn), accessToken);
        var answer = await SendAsync(request, "video status", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<VideoState>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<VideoState>.Fail(Failure(answer, "video status"));
        }

        try
        {
            using var document = JsonDocument.Parse(answer.Body);
            if (document.RootElement.ValueKind == JsonValueKind.Object && LinkedInErrorBody.String(document.RootElement, "status") is { Length: > 0 } status)
            {
                return LinkedInResult<VideoState>.Ok(new VideoState(status, LinkedInErrorBody.String(document.RootElement, "processingFailureReason")));
            }
        }
        catch (JsonException)
        {
        }

        logger.LogWarning("LinkedIn's video status answer named no status.");
        return LinkedInResult<VideoState>.Fail(new PublishOutcome.Unavailable("LinkedIn did not say how the video is doing."));
    }

    private static async Task<int> ReadFullyAsync(Stream source, Memory<byte> target, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < target.Length)
        {
            var read = await source.ReadAsync(target[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private sealed record VideoState(string Status, string? FailureReason);

    /// <summary>One instruction of initializeUpload: the bytes <see cref="FirstByte"/> to <see cref="LastByte"/>, inclusive.</summary>
    private sealed record VideoPart(Uri UploadUrl, long FirstByte, long LastByte)
    {
        public long Length => LastByte - FirstByte + 1;
    }

    private sealed record VideoUploadPlan(string VideoUrn, string UploadToken, IReadOnlyList<VideoPart> Parts)
    {
        /// <summary>
        /// The plan, or null when the answer is unusable: the ranges must cover 0 … length − 1 exactly, without gaps or
        /// overlaps (a short part finalizes cleanly and gives a corrupt video), each small enough to buffer.
        /// </summary>
        public static VideoUploadPlan? Parse(string body, long length)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind != JsonValueKind.Object
                    || !document.RootElement.TryGetProperty("value", out var value)
                    || value.ValueKind != JsonValueKind.Object
                    || LinkedInErrorBody.String(value, "video") is not { Length: > 0 } videoUrn
                    || !value.TryGetProperty("uploadInstructions", out var instructions)
                    || instructions.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                // An empty token is what LinkedIn sends for a single-part upload.
                var uploadToken = LinkedInErrorBody.String(value, "uploadToken") ?? string.Empty;
                var parts = new List<VideoPart>();
                foreach (var instruction in instructions.EnumerateArray())
                {
                    if (instruction.ValueKind != JsonValueKind.Object
                        || LinkedInErrorBody.String(instruction, "uploadUrl") is not { } url
                        || !Uri.TryCreate(url, UriKind.Absolute, out var uploadUrl)
                        || (uploadUrl.Scheme != Uri.UriSchemeHttps && uploadUrl.Scheme != Uri.UriSchemeHttp)
                        || !instruction.TryGetProperty("firstByte", out var first) || !first.TryGetInt64(out var firstByte)
                        || !instruction.TryGetProperty("lastByte", out var last) || !last.TryGetInt64(out var lastByte))
                    {
                        return null;
                    }

                    parts.Add(new VideoPart(uploadUrl, firstByte, lastByte));
                }

                long expected = 0;
                foreach (var part in parts.OrderBy(part => part.FirstByte))
                {
                    if (part.FirstByte != expected || part.LastByte < part.FirstByte || part.Length > MaxVideoPartBytes)
                    {
                        return null;
                    }

                    expected = part.LastByte + 1;
                }

                return parts.Count > 0 && expected == length ? new VideoUploadPlan(videoUrn, uploadToken, parts) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
