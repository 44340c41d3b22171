using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// Opens the images of stored Discord requests. The reference is the attachment's CDN URL (signed, valid for about a
/// day: far longer than a job waits) or, for a "Share to LinkedIn" form, the key of the bytes this process already
/// downloaded while the form was open, with the URL to fall back on elsewhere.
/// </summary>
internal sealed class DiscordMedia(ImageAttachments images, SharedImageCache cache, DiscordVideos videos, ILogger<DiscordMedia> logger) : IChatMediaSource
{
    private const string UrlPrefix = "url:";
    private const string SharePrefix = "share:";

    // A document's CDN URL: downloaded to a temporary file (up to LinkedIn's 100 MB), not into memory.
    private const string DocumentPrefix = "doc:";

    public string Platform => InteractionOrigin.Platform;

    public static ChatImage Attachment(DiscordAttachment attachment) =>
        Stored(attachment.Filename, attachment.Size > 0 ? attachment.Size : null, UrlPrefix + attachment.Url) with
        {
            ContentType = attachment.ContentType,
            AltText = string.IsNullOrWhiteSpace(attachment.Description) ? null : attachment.Description.Trim(),
        };

    /// <summary>A PDF, PPT, PPTX, DOC or DOCX attachment.</summary>
    public static ChatAttachment Document(DiscordAttachment attachment) =>
        new(AttachmentKind.Document, attachment.Filename, attachment.Size > 0 ? attachment.Size : null, _ => throw new InvalidOperationException("A stored Discord document is opened through DiscordMedia."))
        {
            Reference = DocumentPrefix + attachment.Url,
            ContentType = attachment.ContentType,
        };

    /// <summary>The image or document an attachment can become on LinkedIn, or why not (for the user).</summary>
    public static (ChatAttachment? Attachment, string? Problem) Usable(DiscordAttachment attachment, long? attachmentSizeLimit)
    {
        // A video (MP4, MOV): streamed from the CDN to LinkedIn when the post is published, never downloaded before.
        if (DiscordVideos.IsVideo(attachment))
        {
            return DiscordVideos.Problem(attachment) is { } videoProblem ? (null, videoProblem) : (DiscordVideos.Attachment(attachment), null);
        }

        if (!ImageAttachments.IsImage(attachment) && LinkedInBot.Core.LinkedIn.LinkedInDocumentRules.IsDocumentName(attachment.Filename))
        {
            return attachment.Size > LinkedInBot.Core.LinkedIn.LinkedInDocumentRules.MaxBytes
                ? (null, AttachmentReplies.DocumentTooLarge(attachment.Filename, attachment.Size))
                : (Document(attachment), null);
        }

        return ImageAttachments.Problem(attachment, attachmentSizeLimit) is { } problem ? (null, problem) : (Attachment(attachment), null);
    }

    public static ChatImage Shared(string cacheKey, string userId, string fileName, string? url) =>
        Stored(fileName, null, $"{SharePrefix}{cacheKey}|{userId}|{url}");

    public async Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken)
    {
        if (reference.StartsWith(DiscordVideos.ReferencePrefix, StringComparison.Ordinal))
        {
            return await videos.OpenAsync(reference[DiscordVideos.ReferencePrefix.Length..], declaredLength, cancellationToken);
        }

        string? url = null;
        if (reference.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var parts = reference[SharePrefix.Length..].Split('|', 3);
            if (parts.Length == 3 && cache.TryGet(parts[0], parts[1], out var pending))
            {
                try
                {
                    logger.LogInformation("Taking the image of a share form from the download started when the form opened");
                    return InMemory(await pending.Bytes.WaitAsync(cancellationToken));
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The form's download ends with its cache entry (15 minutes, or pushed out by newer shares).
                    throw new ChatImageUnavailableException(ChatImageProblem.Gone);
                }
            }

            url = parts.Length == 3 ? parts[2] : null;
            logger.LogInformation("The image of a share form is not at hand here (another replica, or a restart); downloading it again");
        }
        else if (reference.StartsWith(UrlPrefix, StringComparison.Ordinal))
        {
            url = reference[UrlPrefix.Length..];
        }
        else if (reference.StartsWith(DocumentPrefix, StringComparison.Ordinal))
        {
            return await DownloadDocumentAsync(reference[DocumentPrefix.Length..], cancellationToken);
        }

        if (string.IsNullOrEmpty(url))
        {
            throw new ChatImageUnavailableException(ChatImageProblem.Gone);
        }

        var limit = declaredLength is > 0 and < ImageAttachments.LinkedInLimit ? declaredLength.Value : ImageAttachments.LinkedInLimit;
        try
        {
            return InMemory(await images.DownloadAsync(new DiscordAttachment { Url = url, Filename = "image" }, limit, cancellationToken));
        }
        catch (AttachmentRejectedException ex)
        {
            throw new IOException(ex.Message, ex);
        }
    }

    /// <summary>A document in a temporary file, deleted when the core closes the stream; seekable, so sent as it is.</summary>
    private async Task<Stream> DownloadDocumentAsync(string url, CancellationToken cancellationToken)
    {
        var spool = new FileStream(Path.Combine(Path.GetTempPath(), "linkedinbot-" + Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await images.DownloadToAsync(new DiscordAttachment { Url = url, Filename = "document" }, LinkedInBot.Core.LinkedIn.LinkedInDocumentRules.MaxBytes, _ => spool, cancellationToken);
            spool.Position = 0;
            return spool;
        }
        catch (AttachmentRejectedException ex)
        {
            await spool.DisposeAsync();
            throw new IOException(ex.Message, ex);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    /// <summary>A downloaded image; its buffer is visible to the core, which takes it without a copy.</summary>
    private static MemoryStream InMemory(byte[] bytes) => new(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);

    private static ChatImage Stored(string fileName, long? declaredLength, string reference) =>
        new(fileName, declaredLength, _ => throw new InvalidOperationException("A stored Discord image is opened through DiscordMedia.")) { Reference = reference };
}
