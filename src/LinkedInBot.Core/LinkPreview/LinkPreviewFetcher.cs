using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LinkedInBot.Core.LinkedIn;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>
/// Fetches a page (and its picture) for a link card through the guarded client: only http and https, only public
/// addresses (unless <c>LinkPreview:AllowPrivateNetworks</c>), every redirect followed by hand and checked again, at
/// most 5 redirects, 5 s and 2 MB for the page.
/// </summary>
public sealed partial class LinkPreviewFetcher(IHttpClientFactory httpClientFactory, TimeProvider timeProvider, ILogger<LinkPreviewFetcher> logger)
{
    public const string HttpClientName = "LinkPreview";
    public const int MaxRedirects = 5;
    public const long MaxPageBytes = 2 * 1024 * 1024;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The card of <paramref name="url"/>. Never throws for the page's faults; cancellation is the caller's.</summary>
    public async Task<LinkPreviewResult> FetchCardAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetched = await FetchAsync(url, MaxPageBytes, "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1", cancellationToken).ConfigureAwait(false);
        if (fetched.Problem is { } problem)
        {
            return LinkPreviewResult.Fail(problem, fetched.Detail);
        }

        var mediaType = fetched.MediaType;
        if (mediaType is not null && mediaType != "text/html" && mediaType != "application/xhtml+xml")
        {
            return LinkPreviewResult.Fail(LinkPreviewProblem.NotHtml);
        }

        var html = Decode(fetched.Bytes!, fetched.Charset);
        var card = LinkPageParser.Parse(html, url, fetched.FinalUrl!);
        return card is null ? LinkPreviewResult.Fail(LinkPreviewProblem.NoTitle) : new LinkPreviewResult(card, null);
    }

    /// <summary>The picture at <paramref name="url"/>, within LinkedIn's image rules (<see cref="LinkedInImageRules"/>).</summary>
    public async Task<LinkImageResult> FetchImageAsync(Uri url, CancellationToken cancellationToken)
    {
        var fetched = await FetchAsync(url, LinkedInImageRules.MaxBytes, "image/jpeg,image/png,image/gif", cancellationToken).ConfigureAwait(false);
        if (fetched.Problem is { } problem)
        {
            return new LinkImageResult(null, problem, fetched.Detail);
        }

        return LinkedInImageRules.Check(fetched.Bytes) is { } refusal
            ? new LinkImageResult(null, LinkPreviewProblem.NotHtml, refusal)
            : new LinkImageResult(fetched.Bytes, null);
    }

    private sealed record Fetched(byte[]? Bytes, Uri? FinalUrl, string? MediaType, string? Charset, LinkPreviewProblem? Problem, string? Detail)
    {
        public static Fetched Fail(LinkPreviewProblem problem, string? detail = null) => new(null, null, null, null, problem, detail);
    }

    private async Task<Fetched> FetchAsync(Uri url, long maxBytes, string accept, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = httpClientFactory.CreateClient(HttpClientName);
        var current = url;
        try
        {
            for (var redirects = 0; ; redirects++)
            {
                if (current.Scheme != Uri.UriSchemeHttp && current.Scheme != Uri.UriSchemeHttps)
                {
                    return Fetched.Fail(LinkPreviewProblem.NotHttp);
                }

                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.Accept.ParseAdd(accept);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    if (redirects >= MaxRedirects)
                    {
                        return Fetched.Fail(LinkPreviewProblem.TooManyRedirects);
                    }

                    if (response.Headers.Location is not { } location || !Uri.TryCreate(current, location, out var next))
                    {
                        return Fetched.Fail(LinkPreviewProblem.HttpError, $"{(int)response.StatusCode} without a usable Location");
                    }

                    current = next;
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return Fetched.Fail(LinkPreviewProblem.HttpError, $"HTTP {(int)response.StatusCode}");
                }

                if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
                {
                    return Fetched.Fail(LinkPreviewProblem.TooLarge, declared.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                var bytes = await ReadAtMostAsync(response.Content, maxBytes, linked.Token).ConfigureAwait(false);
                if (bytes is null)
                {
                    return Fetched.Fail(LinkPreviewProblem.TooLarge, (maxBytes + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                var type = response.Content.Headers.ContentType;
                return new Fetched(bytes, current, type?.MediaType?.ToLowerInvariant(), type?.CharSet, null, null);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Fetched.Fail(LinkPreviewProblem.TimedOut);
        }
        catch (HttpRequestException exception) when (Refused(exception) is { } refused)
        {
            LogRefused(logger, refused.Kind);
            return Fetched.Fail(LinkPreviewProblem.AddressRefused, refused.Kind);
        }
        catch (HttpRequestException exception)
        {
            LogUnreachable(logger, exception.HttpRequestError);
            return Fetched.Fail(LinkPreviewProblem.Unreachable);
        }
        catch (IOException)
        {
            return Fetched.Fail(LinkPreviewProblem.Unreachable);
        }
    }

    private static AddressRefusedException? Refused(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is AddressRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (read no further than that).</summary>
    private static async Task<byte[]?> ReadAtMostAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string Decode(byte[] bytes, string? charset)
    {
        try
        {
            if (!string.IsNullOrWhiteSpace(charset))
            {
                return Encoding.GetEncoding(charset.Trim('"')).GetString(bytes);
            }
        }
        catch (ArgumentException)
        {
        }

        return Encoding.UTF8.GetString(bytes);
    }

    internal static ProductInfoHeaderValue UserAgent { get; } = new("LinkedInBot-LinkPreview", "1.0");

    [LoggerMessage(Level = LogLevel.Information, Message = "Link card refused: the host is on a {Kind} address")]
    private static partial void LogRefused(ILogger logger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Link card: the page could not be reached ({Error})")]
    private static partial void LogUnreachable(ILogger logger, HttpRequestError error);
}
