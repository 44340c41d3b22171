using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    public async Task<LinkedInResult<string>> UploadDocumentAsync(string accessToken, string ownerUrn, Stream content, CancellationToken cancellationToken)
    {
        // Documents API: the same two steps as an image, with a document URN.
        var initialize = JsonSerializer.Serialize(new { initializeUploadRequest = new { owner = ownerUrn } });
        using var initializeRequest = RestRequest(HttpMethod.Post, "/rest/documents?action=initializeUpload", accessToken);
        initializeRequest.Content = new StringContent(initialize, Encoding.UTF8, "application/json");
        var answer = await SendAsync(initializeRequest, "document upload (initialize)", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<string>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<string>.Fail(Failure(answer, "document upload (initialize)"));
        }

        if (ParseUploadTarget(answer.Body, "document") is not var (uploadUrl, documentUrn))
        {
            logger.LogWarning("LinkedIn's document initializeUpload answer had no uploadUrl or document URN.");
            return LinkedInResult<string>.Fail(new PublishOutcome.Unavailable("LinkedIn did not say where to upload the document."));
        }

        // One PUT of the whole file: LinkedIn keeps only the last PUT to a document's URL, so parts would overwrite
        // each other. A seekable stream lets a retried PUT (the upload client retries) send the same bytes again:
        // StreamContent rewinds it.
        using var upload = new HttpRequestMessage(HttpMethod.Put, uploadUrl)
        {
            Content = new StreamContent(new UnclosedStream(content), 81920),
        };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        upload.Content.Headers.ContentLength = content.Length - content.Position;
        if (IsLinkedInHost(uploadUrl))
        {
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var uploaded = await SendAsync(upload, "document upload (bytes)", cancellationToken, UploadClientName);
        if (uploaded.TransportFailure is { } uploadFailure)
        {
            return LinkedInResult<string>.Fail(uploadFailure);
        }

        return uploaded.IsSuccess
            ? LinkedInResult<string>.Ok(documentUrn)
            : LinkedInResult<string>.Fail(Failure(uploaded, "document upload (bytes)"));
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
