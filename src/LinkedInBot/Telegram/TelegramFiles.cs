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

    /// <summary>The reference of a file that is streamed to LinkedIn as it downloads (a video), not held in memory.</summary>
    private const string StreamPrefix = "stream:";

    /// <summary>
    /// The most a video may be: Telegram's cloud Bot API lets bots download 20 MB; a self-hosted Bot API server
    /// (<c>Telegram:ApiBaseUrl</c> pointing elsewhere) lifts that, and LinkedIn's own limit is left.
    /// </summary>
    public long MaxStreamBytes => IsCloudBotApi ? MaxDownloadBytes : Core.LinkedIn.LinkedInVideoRules.MaxBytes;

    private bool IsCloudBotApi =>
        !Uri.TryCreate(options.Value.ApiBaseUrl, UriKind.Absolute, out var api) || api.Host.Equals("api.telegram.org", StringComparison.OrdinalIgnoreCase);

    public string Platform => TelegramAdapter.Platform;

    /// <summary>The file id is the reference: bots may download a file by its id for as long as Telegram keeps it.</summary>
    public ChatImage ImageOf(FileBase file, string fileName) =>
        new(fileName, file.FileSize, cancellationToken => OpenAsync(file.FileId, file.FileSize, cancellationToken)) { Reference = file.FileId };

    /// <summary>A document (PDF, PPT, PPTX, DOC, DOCX) sent with <c>/post</c> in its caption.</summary>
    /// <remarks>Its reference is marked (<see cref="DocumentReference"/>): a document may be larger than a photo.</remarks>
    public ChatAttachment DocumentOf(Document document, string fileName) =>
        new(AttachmentKind.Document, fileName, document.FileSize, cancellationToken => OpenAsync(DocumentReference + document.FileId, document.FileSize, cancellationToken))
        {
            Reference = DocumentReference + document.FileId,
            ContentType = document.MimeType,
        };

    private const string DocumentReference = "document:";

    /// <summary>
    /// The most the bot downloads: Telegram's cloud Bot API hands out at most 20 MB; a self-hosted Bot API server
    /// (<c>Telegram:ApiBaseUrl</c> pointing elsewhere) has no such limit, and LinkedIn takes documents up to 100 MB.
    /// </summary>
    private long DownloadLimit =>
        Uri.TryCreate(options.Value.ApiBaseUrl, UriKind.Absolute, out var api) && api.Host.Equals("api.telegram.org", StringComparison.OrdinalIgnoreCase)
            ? MaxDownloadBytes
            : Core.LinkedIn.LinkedInDocumentRules.MaxBytes;

    /// <summary>A video (or a video sent as a file): streamed from Telegram to LinkedIn when the core publishes it.</summary>
    public ChatAttachment VideoOf(FileBase file, string fileName, string? mimeType) =>
        new(AttachmentKind.Video, fileName, file.FileSize, cancellationToken => OpenStreamingAsync(file.FileId, file.FileSize, cancellationToken))
        {
            Reference = StreamPrefix + file.FileId,
            ContentType = mimeType,
        };

    Task<Stream> IChatMediaSource.OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken) =>
        reference.StartsWith(StreamPrefix, StringComparison.Ordinal)
            ? OpenStreamingAsync(reference[StreamPrefix.Length..], declaredLength, cancellationToken)
            : OpenAsync(reference, declaredLength, cancellationToken);

    /// <summary>
    /// The file as it downloads, through a small pipe: the reader (the LinkedIn upload) sets the pace, and at most about
    /// a megabyte waits in between. Disposing the stream ends the download. The length is Telegram's file_size.
    /// </summary>
    private async Task<Stream> OpenStreamingAsync(string fileId, long? declaredLength, CancellationToken cancellationToken)
    {
        var limit = MaxStreamBytes;
        EnsureDownloadable(declaredLength, limit);
        var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(options.Value.StreamTimeout);
        TGFile file;
        try
        {
            file = await clients.Api.GetFile(fileId, transfer.Token);
            EnsureDownloadable(file.FileSize, limit);
            if (string.IsNullOrEmpty(file.FilePath))
            {
                throw new IOException("Telegram did not say where to download the file from.");
            }

            // A self-hosted Bot API server started with --local names the file on its own disk: read from there.
            if (Path.IsPathFullyQualified(file.FilePath) && File.Exists(file.FilePath))
            {
                transfer.Dispose();
                return new FileStream(file.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            }
        }
        catch (ApiRequestException e) when (e.ErrorCode == 400 && e.Message.Contains("too big", StringComparison.OrdinalIgnoreCase))
        {
            // The cloud Bot API's own refusal ("file is too big"), whatever Telegram:ApiBaseUrl names.
            transfer.Dispose();
            throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, MaxDownloadBytes);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            transfer.Dispose();
            throw new IOException($"Telegram did not hand out the file: {TelegramErrors.Describe(e)}.");
        }
        catch
        {
            transfer.Dispose();
            throw;
        }

        var pipe = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 1024 * 1024, resumeWriterThreshold: 512 * 1024));
        _ = Task.Run(async () =>
        {
            Exception? failure = null;
            try
            {
                await using var writer = pipe.Writer.AsStream(leaveOpen: true);
                await clients.Api.DownloadFile(file, new SizeLimitedStream(writer, limit), transfer.Token);
            }
            catch (Exception e)
            {
                // Telegram.Bot's own exceptions may quote the file URL, which holds the bot token.
                failure = e is ChatImageUnavailableException ? e : new IOException($"Downloading the file from Telegram failed: {TelegramErrors.Describe(e)}.");
            }
            finally
            {
                await pipe.Writer.CompleteAsync(failure);
                transfer.Dispose();
            }
        }, CancellationToken.None);
        return new PipeReaderStream(pipe.Reader, transfer);
    }


    /// <summary>
    /// Failures surface as <see cref="IOException"/> with a message safe to log (the core turns them into "send
    /// it again"); Telegram.Bot's own exceptions are not passed on because their inner exceptions may quote URLs.
    /// </summary>
    private async Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken)
    {
        // Checked before any call: Telegram would refuse the download anyway ("file is too big"). A photo is never
        // over LinkedIn's 20 MB for images; a document may be, from a self-hosted Bot API server.
        var isDocument = reference.StartsWith(DocumentReference, StringComparison.Ordinal);
        var fileId = isDocument ? reference[DocumentReference.Length..] : reference;
        var limit = isDocument ? DownloadLimit : MaxDownloadBytes;
        EnsureDownloadable(declaredLength, limit);

        // The download streams past the API client's timeouts; a connection that stalls mid-file would otherwise hold
        // the chat until shutdown.
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        transfer.CancelAfter(options.Value.DownloadTimeout);
        try
        {
            var file = await clients.Api.GetFile(fileId, transfer.Token);
            EnsureDownloadable(file.FileSize, limit);
            if (string.IsNullOrEmpty(file.FilePath))
            {
                throw new IOException("Telegram did not say where to download the file from.");
            }

            // A self-hosted Bot API server started with --local answers with the file's absolute path on its own disk
            // (reference: telegram-bot-api.md §4): shared with the bot, the file is read from there.
            if (Path.IsPathFullyQualified(file.FilePath) && File.Exists(file.FilePath))
            {
                return new FileStream(file.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous);
            }

            // Up to 20 MB in memory, as images always were; a larger file (a document from a self-hosted server) goes
            // to a temporary file, deleted when the stream is closed. Either is seekable, so LinkedIn gets it as it is.
            Stream buffer = (file.FileSize ?? declaredLength ?? 0) <= MaxDownloadBytes
                ? new MemoryStream(checked((int)Math.Min(file.FileSize ?? 0, MaxDownloadBytes)))
                : new FileStream(Path.Combine(Path.GetTempPath(), "linkedinbot-" + Path.GetRandomFileName()), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            try
            {
                // The announced size can be missing or wrong; the limit also holds for the bytes that actually arrive.
                await clients.Api.DownloadFile(file, new SizeLimitedStream(buffer, buffer is MemoryStream ? MaxDownloadBytes : limit), transfer.Token);
                buffer.Position = 0;
                return buffer;
            }
            catch
            {
                await buffer.DisposeAsync();
                throw;
            }
        }
        catch (Exception e) when (e is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"Downloading the file from Telegram did not finish in time ({TelegramErrors.Describe(e)}).");
        }
        catch (RequestException e) when (e.Message.Contains("file is too big", StringComparison.OrdinalIgnoreCase))
        {
            // The cloud Bot API's own limit (a self-hosted server has none).
            throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, MaxDownloadBytes);
        }
        catch (Exception e) when (e is RequestException or HttpRequestException)
        {
            throw new IOException($"Downloading the file from Telegram failed: {TelegramErrors.Describe(e)}.");
        }
    }

    private static void EnsureDownloadable(long? length, long limit)
    {
        if (length > limit)
        {
            throw new ChatImageUnavailableException(ChatImageProblem.TooLarge, limit);
        }
    }

    /// <summary>The reading end of a download's pipe; closing it stops the download (a refused or failed upload).</summary>
    private sealed class PipeReaderStream(System.IO.Pipelines.PipeReader reader, CancellationTokenSource transfer) : Stream
    {
        private readonly Stream _inner = reader.AsStream();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

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
                StopDownload();
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            StopDownload();
            await _inner.DisposeAsync();
            await base.DisposeAsync();
        }

        private void StopDownload()
        {
            try
            {
                transfer.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The download ended already.
            }
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
