namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    public async Task<LinkedInResult<string>> UploadDocumentAsync(string accessToken, string ownerUrn, Stream content, CancellationToken cancellationToken)
    {
        // Documents API: the same two steps as an image, with a document URN. One PUT of the whole file: LinkedIn keeps
        // only the last PUT to a document's URL, so parts would overwrite each other. A seekable stream lets a retried
        // PUT (the upload client retries) send the same bytes again: StreamContent rewinds it.
        var file = new StreamContent(new UnclosedStream(content), 81920);
        file.Headers.ContentLength = content.Length - content.Position;
        return await UploadAssetAsync(accessToken, ownerUrn, "document", "/rest/documents", file, cancellationToken);
    }

    /// <summary>The caller's stream, which disposing the request must not close (the caller owns and disposes it).</summary>
    private sealed class UnclosedStream(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => false;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
