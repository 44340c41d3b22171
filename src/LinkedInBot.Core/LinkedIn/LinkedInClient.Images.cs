using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    public async Task<LinkedInResult<string>> UploadImageAsync(string accessToken, string ownerUrn, ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        if (LinkedInImageRules.Check(image.Span) is { } problem)
        {
            return LinkedInResult<string>.Fail(new PublishOutcome.Rejected(problem));
        }

        var initialize = JsonSerializer.Serialize(new { initializeUploadRequest = new { owner = ownerUrn } });
        using var initializeRequest = RestRequest(HttpMethod.Post, "/rest/images?action=initializeUpload", accessToken);
        initializeRequest.Content = new StringContent(initialize, Encoding.UTF8, "application/json");
        var answer = await SendAsync(initializeRequest, "image upload (initialize)", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<string>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<string>.Fail(Failure(answer, "image upload (initialize)"));
        }

        if (ParseUploadTarget(answer.Body, "image") is not var (uploadUrl, imageUrn))
        {
            logger.LogWarning("LinkedIn's initializeUpload answer had no uploadUrl or image URN.");
            return LinkedInResult<string>.Fail(new PublishOutcome.Unavailable("LinkedIn did not say where to upload the image."));
        }

        using var upload = new HttpRequestMessage(HttpMethod.Put, uploadUrl)
        {
            Content = new ReadOnlyMemoryContent(image),
        };
        upload.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (IsLinkedInHost(uploadUrl))
        {
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var uploaded = await SendAsync(upload, "image upload (bytes)", cancellationToken, UploadClientName);
        if (uploaded.TransportFailure is { } uploadFailure)
        {
            return LinkedInResult<string>.Fail(uploadFailure);
        }

        return uploaded.IsSuccess
            ? LinkedInResult<string>.Ok(imageUrn)
            : LinkedInResult<string>.Fail(Failure(uploaded, "image upload (bytes)"));
    }

    /// <summary>The member's token only goes to LinkedIn (or the configured API host), wherever an answer points.</summary>
    private bool IsLinkedInHost(Uri url)
    {
        var api = new Uri(Options.ApiBaseUrl);
        if (url.Host.Equals(api.Host, StringComparison.OrdinalIgnoreCase))
        {
            return url.Scheme == api.Scheme;
        }

        // Never in clear text to a host we did not configure.
        return url.Scheme == Uri.UriSchemeHttps
            && (url.Host.Equals("linkedin.com", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".linkedin.com", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>An initializeUpload answer: where to PUT the bytes, and the asset's URN in <paramref name="urnField"/> ("image", "document").</summary>
    private static (Uri UploadUrl, string Urn)? ParseUploadTarget(string body, string urnField)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("value", out var value)
                && LinkedInErrorBody.String(value, "uploadUrl") is { } url
                && Uri.TryCreate(url, UriKind.Absolute, out var uploadUrl)
                && LinkedInErrorBody.String(value, urnField) is { Length: > 0 } urn)
            {
                return (uploadUrl, urn);
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
