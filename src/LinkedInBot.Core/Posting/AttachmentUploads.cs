using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// A post's attachments other than a single image: what may go in one post (checked before anything is uploaded), how
/// a stored one is opened again on its platform, and how each kind goes up to LinkedIn (<see cref="UploadAsync"/>: the
/// one place a kind's upload happens).
/// </summary>
public sealed class AttachmentUploads(ILinkedInClient linkedIn, IEnumerable<IChatMediaSource> mediaSources, ILogger<AttachmentUploads> logger)
{
    /// <summary>LinkedIn's multiImage takes 2 to 20 images.</summary>
    public const int MaxImages = 20;

    private readonly Dictionary<string, IChatMediaSource> media = mediaSources
        .GroupBy(source => source.Platform, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);

    /// <summary>
    /// Null when the attachments may go out together; otherwise the reply. Judged from what the platform said of them
    /// (names, announced sizes), before any download or upload; their bytes are checked as each is uploaded.
    /// </summary>
    public static string? Check(IReadOnlyList<ChatAttachment> attachments)
    {
        var kinds = attachments.Select(a => a.Kind).Distinct().ToList();
        if (kinds.Count > 1 || (kinds is [not AttachmentKind.Image] && attachments.Count > 1))
        {
            return AttachmentReplies.CannotMix;
        }

        if (attachments.Count > MaxImages)
        {
            return AttachmentReplies.TooManyImages(attachments.Count, MaxImages);
        }

        foreach (var attachment in attachments)
        {
            var problem = attachment.Kind switch
            {
                AttachmentKind.Image when attachment.DeclaredLength > LinkedInImageRules.MaxBytes =>
                    AttachmentReplies.ImageRefused(attachment.FileName, LinkedInImageRules.TooBig(attachment.DeclaredLength.Value)),
                AttachmentKind.Document when !LinkedInDocumentRules.IsDocumentName(attachment.FileName) =>
                    AttachmentReplies.NotADocument(attachment.FileName),
                AttachmentKind.Document when attachment.DeclaredLength > LinkedInDocumentRules.MaxBytes =>
                    AttachmentReplies.DocumentTooLarge(attachment.FileName, attachment.DeclaredLength.Value),
                AttachmentKind.Video when !LinkedInVideoRules.IsAcceptedContentType(attachment.ContentType) && !LinkedInVideoRules.HasVideoExtension(attachment.FileName) =>
                    AttachmentReplies.NotAVideo(attachment.FileName),
                AttachmentKind.Video when attachment.DeclaredLength is { } videoLength && LinkedInVideoRules.CheckLength(videoLength) is { } videoProblem =>
                    AttachmentReplies.VideoRefused(attachment.FileName, videoProblem),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>A stored attachment, to be opened again through its platform (the bytes were never kept).</summary>
    public ChatAttachment Reopen(string platform, AttachmentReference stored) =>
        stored.ToAttachment(platform, media.GetValueOrDefault(platform));

    /// <summary>
    /// Uploads one attachment with the post's author (<paramref name="ownerUrn">: the member or a page) as owner and returns its URN, or why not (an
    /// <see cref="PublishOutcome.AttachmentProblem"/> for the file itself, LinkedIn's answer otherwise).
    /// </summary>
    /// <param name="progress">A video's progress (bytes sent, then LinkedIn processing it).</param>
    public async Task<LinkedInResult<string>> UploadAsync(ChatAttachment attachment, AccountLink link, string ownerUrn, CancellationToken cancellationToken, IProgress<VideoUploadProgress>? progress = null)
    {
        try
        {
            return attachment.Kind switch
            {
                AttachmentKind.Image => await UploadImageAsync(attachment, link, ownerUrn, cancellationToken),
                AttachmentKind.Document => await UploadDocumentAsync(attachment, link, ownerUrn, cancellationToken),
                AttachmentKind.Video => await UploadVideoAsync(attachment, link, ownerUrn, progress, cancellationToken),
                _ => Refuse(AttachmentReplies.CannotMix),
            };
        }
        catch (ChatImageUnavailableException ex) when (ex.Problem == ChatImageProblem.TooLarge && attachment.Kind == AttachmentKind.Video && link.Address.Platform == "telegram")
        {
            return Refuse(AttachmentReplies.VideoTooLargeForTelegram(attachment.FileName, ex.LimitBytes));
        }
        catch (ChatImageUnavailableException ex) when (ex.Problem == ChatImageProblem.TooLarge)
        {
            return Refuse(AttachmentReplies.AttachmentTooLargeToDownload(attachment.FileName, ex.LimitBytes));
        }
        catch (ChatImageUnavailableException)
        {
            return Refuse(AttachmentReplies.AttachmentGone(attachment.FileName));
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or TimeoutException or UnauthorizedAccessException or Polly.ExecutionRejectedException)
        {
            logger.LogWarning("Could not open the attachment {FileName} on its chat platform ({ErrorType}: {Error})", attachment.FileName, ex.GetType().Name, ex.Message);
            return Refuse(AttachmentReplies.AttachmentNotDownloaded(attachment.FileName));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A download's own time limit, not a shutdown.
            return Refuse(AttachmentReplies.AttachmentNotDownloaded(attachment.FileName));
        }
    }

    private async Task<LinkedInResult<string>> UploadImageAsync(ChatAttachment image, AccountLink link, string ownerUrn, CancellationToken cancellationToken)
    {
        // An image is small (20 MB at most) and its header is checked before upload: held in memory, as a single one is.
        await using var stream = await image.OpenAsync(cancellationToken);
        var (bytes, length) = await PostPublisher.ReadAtMostAsync(stream, image.DeclaredLength, LinkedInImageRules.MaxBytes, cancellationToken);
        if (bytes is null)
        {
            return Refuse(AttachmentReplies.ImageRefused(image.FileName, LinkedInImageRules.TooBig(length)));
        }

        var memory = bytes.AsMemory(0, (int)length);
        if (LinkedInImageRules.Check(memory.Span) is { } problem)
        {
            return Refuse(AttachmentReplies.ImageRefused(image.FileName, problem));
        }

        return await linkedIn.UploadImageAsync(link.AccessToken, ownerUrn, memory, cancellationToken);
    }

    private async Task<LinkedInResult<string>> UploadDocumentAsync(ChatAttachment document, AccountLink link, string ownerUrn, CancellationToken cancellationToken)
    {
        // Streamed, never held in memory by the bot: a seekable source (a file, or the buffer an adapter downloaded
        // into) is sent as it is; anything else is spooled to a temporary file first, which also lets a retried PUT
        // send the same bytes and the size and pages be checked before anything goes to LinkedIn.
        await using var source = await document.OpenAsync(cancellationToken);
        await using var spool = source.CanSeek ? null : await SpoolAsync(source, cancellationToken);
        var file = spool ?? source;
        var start = file.Position;
        if (file.Length - start > LinkedInDocumentRules.MaxBytes)
        {
            return Refuse(AttachmentReplies.DocumentTooLarge(document.FileName, file.Length - start));
        }

        var head = new byte[8];
        var headLength = await file.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (!LinkedInDocumentRules.BytesMatchName(document.FileName, head.AsSpan(0, headLength)))
        {
            return Refuse(AttachmentReplies.DocumentNotWhatItsNameSays(document.FileName));
        }

        file.Position = start;
        if (document.FileName.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase)
            && await LinkedInDocumentRules.CountPdfPagesAsync(file, cancellationToken) is > LinkedInDocumentRules.MaxPages and var pages)
        {
            return Refuse(AttachmentReplies.DocumentTooManyPages(document.FileName, pages));
        }

        file.Position = start;
        return await linkedIn.UploadDocumentAsync(link.AccessToken, ownerUrn, file, cancellationToken);
    }

    private async Task<LinkedInResult<string>> UploadVideoAsync(ChatAttachment video, AccountLink link, string ownerUrn, IProgress<VideoUploadProgress>? progress, CancellationToken cancellationToken)
    {
        // Streamed from the platform to LinkedIn, one 4 MiB part in memory at a time (the client buffers a part so a
        // failed PUT can be sent again). The length must be known before the first byte goes out (initializeUpload
        // names it): a seekable source says it, a download announces it; only a source that does neither is spooled
        // to a temporary file first.
        await using var source = await video.OpenAsync(cancellationToken);
        long? length = source.CanSeek ? source.Length - source.Position : video.DeclaredLength;
        await using var spool = length is null ? await SpoolAsync(source, LinkedInVideoRules.MaxBytes, cancellationToken) : null;
        var file = spool ?? source;
        length ??= spool!.Length;
        if (LinkedInVideoRules.CheckLength(length.Value) is { } problem)
        {
            return Refuse(AttachmentReplies.VideoRefused(video.FileName, problem));
        }

        var upload = await linkedIn.UploadVideoAsync(link.AccessToken, ownerUrn, file, length.Value, progress, cancellationToken);
        return upload.Failure is PublishOutcome.Rejected rejected
            ? Refuse(AttachmentReplies.VideoRefused(video.FileName, rejected.Reason))
            : upload;
    }

    /// <summary>The rest of <paramref name="source"/> in a temporary file deleted when closed; at most one byte over the limit.</summary>
    private static async Task<FileStream> SpoolAsync(Stream source, CancellationToken cancellationToken) =>
        await SpoolAsync(source, LinkedInDocumentRules.MaxBytes, cancellationToken);

    private static async Task<FileStream> SpoolAsync(Stream source, long limit, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "linkedinbot-" + Path.GetRandomFileName());
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await spool.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                if (spool.Length > limit)
                {
                    break;
                }
            }

            spool.Position = 0;
            return spool;
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    private static LinkedInResult<string> Refuse(string reply) => LinkedInResult<string>.Fail(new PublishOutcome.AttachmentProblem(reply));
}
