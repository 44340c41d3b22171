using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Discord;

/// <summary>
/// Video attachments: which ones can go to LinkedIn (judged from Discord's metadata before anything is downloaded), and
/// their download, streamed from the CDN to LinkedIn as the upload reads it: a video is never held in memory.
/// </summary>
internal sealed class DiscordVideos(IHttpClientFactory httpClientFactory)
{
    /// <summary>The reference of a video attachment: its signed CDN URL (valid for about a day).</summary>
    public const string ReferencePrefix = "video:";

    /// <summary>A download paced by the upload to LinkedIn: 500 MB at 3 Mbit/s takes 23 minutes.</summary>
    internal TimeSpan StreamTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public static bool IsVideo(DiscordAttachment attachment) =>
        attachment.ContentType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true
        || (attachment.ContentType is null && LinkedInVideoRules.HasVideoExtension(attachment.Filename));

    /// <summary>Null when the video may go to LinkedIn (as far as its name, type and size tell); otherwise why not.</summary>
    public static string? Problem(DiscordAttachment attachment)
    {
        if (!LinkedInVideoRules.IsAcceptedContentType(attachment.ContentType) && !LinkedInVideoRules.HasVideoExtension(attachment.Filename))
        {
            return AttachmentReplies.NotAVideo(attachment.Filename);
        }

        return attachment.Size > 0 && LinkedInVideoRules.CheckLength(attachment.Size) is { } problem
            ? AttachmentReplies.VideoRefused(attachment.Filename, problem)
            : null;
    }

    public static ChatAttachment Attachment(DiscordAttachment attachment) =>
        Stored(attachment.Filename, attachment.Size > 0 ? attachment.Size : null, attachment.Url, attachment.ContentType);

    public static ChatAttachment Stored(string fileName, long? declaredLength, string url, string? contentType) =>
        new(AttachmentKind.Video, fileName, declaredLength, _ => throw new InvalidOperationException("A stored Discord video is opened through DiscordMedia."))
        {
            Reference = ReferencePrefix + url,
            ContentType = contentType,
        };

    /// <summary>The CDN's answer as a stream; failures are <see cref="IOException"/> or <see cref="HttpRequestException"/>.</summary>
    public async Task<Stream> OpenAsync(string url, long? declaredLength, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ChatImageUnavailableException(ChatImageProblem.Gone);
        }

        var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(StreamTimeout);
        HttpResponseMessage? response = null;
        try
        {
            response = await httpClientFactory.CreateClient(ImageAttachments.HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, transfer.Token);
            response.EnsureSuccessStatusCode();
            var length = response.Content.Headers.ContentLength ?? declaredLength;
            if (length > LinkedInVideoRules.MaxBytes)
            {
                throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, LinkedInVideoRules.MaxBytes);
            }

            var body = await response.Content.ReadAsStreamAsync(transfer.Token);
            return new ResponseStream(body, response, transfer);
        }
        catch
        {
            response?.Dispose();
            transfer.Dispose();
            throw;
        }
    }

    /// <summary>The body of a download that ends (response and time limit released) when the stream is closed.</summary>
    private sealed class ResponseStream(Stream body, HttpResponseMessage response, CancellationTokenSource transfer) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => body.Read(buffer, offset, count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, transfer.Token);
            return await body.ReadAsync(buffer, both.Token);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                body.Dispose();
                response.Dispose();
                transfer.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
