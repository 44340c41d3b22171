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

    public string Platform => InteractionOrigin.Platform;

    public static ChatImage Attachment(DiscordAttachment attachment) =>
        Stored(attachment.Filename, attachment.Size > 0 ? attachment.Size : null, UrlPrefix + attachment.Url);

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

    /// <summary>A downloaded image; its buffer is visible to the core, which takes it without a copy.</summary>
    private static MemoryStream InMemory(byte[] bytes) => new(bytes, 0, bytes.Length, writable: false, publiclyVisible: true);

    private static ChatImage Stored(string fileName, long? declaredLength, string reference) =>
        new(fileName, declaredLength, _ => throw new InvalidOperationException("A stored Discord image is opened through DiscordMedia.")) { Reference = reference };
}
