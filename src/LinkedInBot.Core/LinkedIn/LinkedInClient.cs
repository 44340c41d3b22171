using System.Net;
using System.Net.Http.Headers;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// <see cref="ILinkedInClient"/> over HTTP. A singleton: it asks <see cref="IHttpClientFactory"/> for a client per
/// call, so handler rotation works even when a long-lived service holds it. Tokens go on each request, never on a
/// shared client, because every member has their own.
/// </summary>
internal sealed partial class LinkedInClient(
    IHttpClientFactory httpClients,
    IOptions<LinkedInOptions> linkedInOptions,
    IOptions<BotOptions> botOptions,
    IOptions<LinkedInResilienceOptions> resilienceOptions,
    TimeProvider time,
    ILinkedInPostLinks postLinks,
    ILogger<LinkedInClient> logger) : ILinkedInClient
{
    /// <summary>
    /// REST calls: retried on 429/5xx/network errors/timeouts (a request marked <see cref="NotRepeatable"/> only when
    /// it cannot have reached LinkedIn), behind a circuit breaker.
    /// </summary>
    internal const string ApiClientName = "LinkedIn.Api";

    /// <summary>
    /// On a request that must not run twice (a post's create: LinkedIn has no idempotency key): the API client
    /// retries it only when LinkedIn answered 429 or the connection could not be made.
    /// </summary>
    internal static readonly HttpRequestOptionsKey<bool> NotRepeatable = new("LinkedInBot.NotRepeatable");

    /// <summary>OAuth calls: authorization codes are single-use, so HTTP answers are never retried.</summary>
    internal const string AuthClientName = "LinkedIn.Auth";

    /// <summary>The PUT of an image's bytes: up to 20 MB, so no 10-second attempt timeout and no shared circuit breaker.</summary>
    internal const string UploadClientName = "LinkedIn.Upload";

    private LinkedInOptions Options => linkedInOptions.Value;

    private Uri ApiUrl(string pathAndQuery) => new(Options.ApiBaseUrl.TrimEnd('/') + pathAndQuery);

    private Uri AuthUrl(string path) => new(Options.AuthBaseUrl.TrimEnd('/') + "/" + path);

    /// <summary>A REST request: Bearer per request; the versioned /rest endpoints also need the two protocol headers.</summary>
    private HttpRequestMessage RestRequest(HttpMethod method, string pathAndQuery, string accessToken, bool versioned = true)
    {
        var request = new HttpRequestMessage(method, ApiUrl(pathAndQuery));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (versioned)
        {
            request.Headers.Add("LinkedIn-Version", Options.ApiVersion);
            request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        }

        return request;
    }

    /// <summary>
    /// Sends through the resilient API client and reads the whole answer. Transport failures (after the retries)
    /// become <see cref="PublishOutcome.Unavailable"/>; the caller's own cancellation still throws.
    /// </summary>
    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken, string clientName = ApiClientName)
    {
        try
        {
            using var response = await httpClients.CreateClient(clientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var restliId = response.Headers.TryGetValues("x-restli-id", out var ids) ? ids.FirstOrDefault() : null;
            return new ApiAnswer(response.StatusCode, body, restliId, null, NeverSent: false);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            var detail = ex switch
            {
                Polly.CircuitBreaker.BrokenCircuitException => "LinkedIn failed repeatedly; calls are paused for a moment.",
                Polly.Timeout.TimeoutRejectedException or OperationCanceledException => "LinkedIn did not answer in time.",
                _ => "LinkedIn could not be reached.",
            };
            logger.LogWarning("LinkedIn {Operation} failed: {Failure} ({ExceptionType})", operation, detail, ex.GetType().Name);
            return new ApiAnswer(0, string.Empty, null, new PublishOutcome.Unavailable(detail), NeverSent(ex));
        }
    }

    /// <summary>The request surely did not reach LinkedIn: no connection could be made, or the circuit refused it.</summary>
    private static bool NeverSent(Exception ex) =>
        ex is Polly.CircuitBreaker.BrokenCircuitException
        || ex is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException or ExecutionRejectedException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>Maps an error answer, logging what operators need (never the token).</summary>
    private PublishOutcome Failure(ApiAnswer answer, string operation)
    {
        var error = LinkedInErrorBody.Parse(answer.Body);
        var outcome = LinkedInAnswers.ToOutcome(answer.Status, error, Options.ApiVersion);
        if (outcome is PublishOutcome.VersionRetired)
        {
            logger.LogError(
                "LinkedIn rejected API version {ApiVersion} as retired (HTTP 426: {LinkedInMessage}). Nothing can be published until "
                + "LinkedIn:ApiVersion (environment variable LinkedIn__ApiVersion) is set to a current YYYYMM version and the bot is restarted.",
                Options.ApiVersion,
                error.Message);
        }
        else
        {
            logger.LogWarning(
                "LinkedIn {Operation} answered HTTP {Status} (code {Code}, serviceErrorCode {ServiceErrorCode}): {LinkedInMessage}",
                operation,
                (int)answer.Status,
                error.Code,
                error.ServiceErrorCode,
                error.Message);
        }

        return outcome;
    }

    /// <param name="NeverSent">With a <paramref name="TransportFailure"/>: the request surely did not reach LinkedIn.</param>
    private sealed record ApiAnswer(HttpStatusCode Status, string Body, string? RestliId, PublishOutcome? TransportFailure, bool NeverSent)
    {
        public bool IsSuccess => TransportFailure is null && (int)Status is >= 200 and < 300;
    }
}
