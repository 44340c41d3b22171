using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Discord;

/// <summary>
/// Which Discord attachments can become a LinkedIn image, checked from the interaction's metadata
/// before anything is downloaded, and the download itself.
/// </summary>
internal sealed class ImageAttachments(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "discord-cdn";

    /// <summary>The largest image the bot forwards to LinkedIn.</summary>
    public const long LinkedInLimit = LinkedInImageRules.MaxBytes;

    public static bool IsImage(DiscordAttachment attachment) =>
        attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The limit for this interaction: LinkedIn's, or Discord's <c>attachment_size_limit</c> when smaller.</summary>
    public static long LimitFor(long? attachmentSizeLimit) =>
        attachmentSizeLimit is long limit && limit > 0 && limit < LinkedInLimit ? limit : LinkedInLimit;

    /// <summary>Whether the attachment's type is one LinkedIn takes, whatever its size.</summary>
    public static bool IsAcceptedType(DiscordAttachment attachment) => LinkedInImageRules.IsAcceptedContentType(attachment.ContentType);

    /// <summary>Null when the attachment may go to LinkedIn, otherwise a message for the user.</summary>
    public static string? Problem(DiscordAttachment attachment, long? attachmentSizeLimit) =>
        AttachmentReplies.Problem(attachment.Filename, attachment.ContentType, attachment.Size, LimitFor(attachmentSizeLimit));

    /// <summary>
    /// The longest a whole download may take. The resilience handler's timeouts end when the headers arrive; a CDN
    /// that then stalls mid-body would otherwise hold the user's "thinking…" until the interaction expires.
    /// </summary>
    internal TimeSpan TransferTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>GETs the signed CDN URL (no auth) into memory, refusing more than <paramref name="maxBytes"/>.</summary>
    public async Task<byte[]> DownloadAsync(DiscordAttachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        MemoryStream? buffer = null;
        await DownloadToAsync(attachment, maxBytes, declared => buffer = new MemoryStream(declared is long length && length > 0 ? (int)length : 0), cancellationToken);
        using (buffer)
        {
            return buffer!.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray();
        }
    }

    /// <summary>
    /// GETs the signed CDN URL into the stream <paramref name="open"/> makes (given the announced length), refusing
    /// more than <paramref name="maxBytes"/>: a document goes to a temporary file, never into memory.
    /// </summary>
    public async Task DownloadToAsync(DiscordAttachment attachment, long maxBytes, Func<long?, Stream> open, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new AttachmentRejectedException("Discord sent no usable link for the image. Nothing was published.");
        }

        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(TransferTimeout);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, transfer.Token);
            response.EnsureSuccessStatusCode();
            var declared = response.Content.Headers.ContentLength;
            if (declared > maxBytes)
            {
                throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, maxBytes);
            }

            // Sized from Content-Length when the CDN sends it, so a 20 MB image is not grown by doubling and copied.
            await using var body = await response.Content.ReadAsStreamAsync(transfer.Token);
            var buffer = open(declared);
            var chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, transfer.Token)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, maxBytes);
                }

                await buffer.WriteAsync(chunk.AsMemory(0, read), transfer.Token);
            }
        }
        catch (OperationCanceledException) when (transfer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The image download did not finish within {TransferTimeout.TotalSeconds:0} s.");
        }
    }
}
