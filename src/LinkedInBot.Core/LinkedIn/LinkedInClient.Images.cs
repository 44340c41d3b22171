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

        return await UploadAssetAsync(accessToken, ownerUrn, "image", "/rest/images", new ReadOnlyMemoryContent(image), cancellationToken);
    }

    /// <summary>
    /// The two steps images and documents share: initializeUpload at <paramref name="path"/> with the owner, then one PUT
    /// of <paramref name="content"/> to the URL LinkedIn names. Returns the asset's URN (field <paramref name="kind"/>).
    /// </summary>
    private async Task<LinkedInResult<string>> UploadAssetAsync(string accessToken, string ownerUrn, string kind, string path, HttpContent content, CancellationToken cancellationToken)
    {
        using var owned = content;
        var initialize = JsonSerializer.Serialize(new { initializeUploadRequest = new { owner = ownerUrn } });
        using var initializeRequest = RestRequest(HttpMethod.Post, path + "?action=initializeUpload", accessToken);
        initializeRequest.Content = new StringContent(initialize, Encoding.UTF8, "application/json");
        var answer = await SendAsync(initializeRequest, $"{kind} upload (initialize)", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<string>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<string>.Fail(Failure(answer, $"{kind} upload (initialize)"));
        }

        if (ParseUploadTarget(answer.Body, kind) is not var (uploadUrl, urn))
        {
            logger.LogWarning("LinkedIn's {Kind} initializeUpload answer had no uploadUrl or {Kind} URN.", kind, kind);
            return LinkedInResult<string>.Fail(new PublishOutcome.Unavailable($"LinkedIn did not say where to upload the {kind}."));
        }

        using var upload = new HttpRequestMessage(HttpMethod.Put, uploadUrl) { Content = content };
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (IsLinkedInHost(uploadUrl))
        {
            upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        var uploaded = await SendAsync(upload, $"{kind} upload (bytes)", cancellationToken, UploadClientName);
        if (uploaded.TransportFailure is { } uploadFailure)
        {
            return LinkedInResult<string>.Fail(uploadFailure);
        }

        return uploaded.IsSuccess
            ? LinkedInResult<string>.Ok(urn)
            : LinkedInResult<string>.Fail(Failure(uploaded, $"{kind} upload (bytes)"));
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
