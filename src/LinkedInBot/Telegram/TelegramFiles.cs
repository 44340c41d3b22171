using LinkedInBot.Core.Chat;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace LinkedInBot.Telegram;

/// <summary>Images attached to a <c>/post</c>: fetched with getFile + download only when the core publishes.</summary>
internal sealed class TelegramFiles(TelegramClients clients, IOptions<TelegramOptions> options) : IChatMediaSource
{
    /// <summary>Bots may download files up to 20 MB (TG: getFile).</summary>
    public const long MaxDownloadBytes = 20L * 1024 * 1024;

    public string Platform => TelegramAdapter.Platform;

    /// <summary>The file id is the reference: bots may download a file by its id for as long as Telegram keeps it.</summary>
    public ChatImage ImageOf(FileBase file, string fileName) =>
        new(fileName, file.FileSize, cancellationToken => OpenAsync(file.FileId, file.FileSize, cancellationToken)) { Reference = file.FileId };

    Task<Stream> IChatMediaSource.OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken) =>
        OpenAsync(reference, declaredLength, cancellationToken);

    /// <summary>
    /// Failures surface as <see cref="IOException"/> with a message safe to log (the core turns them into "send
    /// it again"); Telegram.Bot's own exceptions are not passed on because their inner exceptions may quote URLs.
    /// </summary>
    private async Task<Stream> OpenAsync(string fileId, long? declaredLength, CancellationToken cancellationToken)
    {
        // Checked before any call: Telegram would refuse the download anyway ("file is too big").
        EnsureDownloadable(declaredLength);

        // The download streams past the API client's timeouts; a connection that stalls mid-file would otherwise hold
        // the chat until shutdown.
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(options.Value.DownloadTimeout);
        try
        {
            var file = await clients.Api.GetFile(fileId, transfer.Token);
            EnsureDownloadable(file.FileSize);
            if (string.IsNullOrEmpty(file.FilePath))
            {
                throw new IOException("Telegram did not say where to download the image from.");
            }

            var buffer = new MemoryStream(checked((int)Math.Min(file.FileSize ?? 0, MaxDownloadBytes)));

            // The announced size can be missing or wrong; the limit also holds for the bytes that actually arrive.
            await clients.Api.DownloadFile(file, new SizeLimitedStream(buffer, MaxDownloadBytes), transfer.Token);
            buffer.Position = 0;
            return buffer;
        }
        catch (Exception e) when (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Downloading the image from Telegram did not finish in time ({TelegramErrors.Describe(e)}).");
        }
        catch (Exception e) when (e is RequestException or HttpRequestException)
        {
            throw new IOException($"Downloading the image from Telegram failed: {TelegramErrors.Describe(e)}.");
        }
    }

    private static void EnsureDownloadable(long? length)
    {
        if (length > MaxDownloadBytes)
        {
            throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, MaxDownloadBytes);
        }
    }

    /// <summary>A write-only pass-through that refuses to grow past a limit.</summary>
    private sealed class SizeLimitedStream(Stream inner, long limit) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written;

        public override long Position
        {
            get => _written;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Count(buffer.Length);
            inner.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count(buffer.Length);
            return inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private void Count(int length)
        {
            _written += length;
            if (_written > limit)
            {
                throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, limit);
            }
        }
    }
}
