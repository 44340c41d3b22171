using System.Net;
using System.Text.Json;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    /// <summary>LinkedIn's documented access-token lifetime, used only if an answer lacks <c>expires_in</c>.</summary>
    private static readonly TimeSpan DefaultTokenLifetime = TimeSpan.FromDays(60);

    // The sign-in messages say only what went wrong: AccountLinking adds what to do next, in the command
    // spelling of the user's platform.
    private const string LinkAgainMessage =
        "LinkedIn did not accept this sign-in because the link was already used or has expired.";

    private const string AuthUnreachableMessage =
        "LinkedIn could not be reached to finish linking your account.";

    public Uri BuildAuthorizeUrl(string state)
    {
        var options = Options;
        var scopes = string.Join(' ', SplitScopes(options.EffectiveScopes).Distinct(StringComparer.Ordinal));
        var query = "response_type=code"
            + "&client_id=" + Uri.EscapeDataString(options.EffectiveClientId)
            + "&redirect_uri=" + Uri.EscapeDataString(botOptions.Value.CallbackUrl.AbsoluteUri)
            + "&state=" + Uri.EscapeDataString(state)
            + "&scope=" + Uri.EscapeDataString(scopes);
        return new Uri(options.AuthBaseUrl.TrimEnd('/') + "/authorization?" + query);
    }

    public async Task<TokenExchangeResult> ExchangeCodeAsync(string code, CancellationToken cancellationToken)
    {
        var options = Options;

        // redirect_uri must equal the one of the authorize URL character for character.
        var answer = await PostTokenFormAsync(
            "exchange",
            [
                new("grant_type", "authorization_code"),
                new("code", code),
                new("client_id", options.EffectiveClientId),
                new("client_secret", options.EffectiveClientSecret),
                new("redirect_uri", botOptions.Value.CallbackUrl.AbsoluteUri),
            ],
            code,
            cancellationToken);
        return answer switch
        {
            null => new TokenExchangeResult(null, AuthUnreachableMessage),
            { Token: { } token } => new TokenExchangeResult(token, null),
            { } refused => new TokenExchangeResult(null, ExchangeErrorMessage(refused.Status, refused.Error!)),
        };
    }

    public async Task<TokenExchangeResult> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var options = Options;
        var answer = await PostTokenFormAsync(
            "refresh",
            [
                new("grant_type", "refresh_token"),
                new("refresh_token", refreshToken),
                new("client_id", options.EffectiveClientId),
                new("client_secret", options.EffectiveClientSecret),
            ],
            refreshToken,
            cancellationToken);
        return answer switch
        {
            null => new TokenExchangeResult(null, AuthUnreachableMessage) { Unreachable = true },

            // LinkedIn may leave the refresh token out of a refresh's answer: the one used stays valid.
            { Token: { } token } => new TokenExchangeResult(token.RefreshToken is null ? token with { RefreshToken = refreshToken } : token, null),
            { } refused => new TokenExchangeResult(null, "LinkedIn refused to renew the link.") { Unreachable = (int)refused.Status >= 500 || (int)refused.Status == 429 },
        };
    }

    /// <summary>
    /// POSTs a grant to LinkedIn's accessToken endpoint: the token, or LinkedIn's refusal (logged, with the client
    /// secret and <paramref name="grant"/> redacted), or null when no answer came (logged).
    /// </summary>
    private async Task<TokenAnswer?> PostTokenFormAsync(
        string what, KeyValuePair<string, string>[] form, string grant, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, AuthUrl("accessToken")) { Content = new FormUrlEncodedContent(form) };
        HttpStatusCode status;
        string body;
        try
        {
            using var response = await httpClients.CreateClient(AuthClientName).SendAsync(request, cancellationToken);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            logger.LogWarning("LinkedIn token {What} failed before an answer ({ExceptionType}).", what, ex.GetType().Name);
            return null;
        }

        if (status == HttpStatusCode.OK && ParseToken(body) is { } token)
        {
            return new TokenAnswer(token, status, null);
        }

        var error = LinkedInErrorBody.Parse(body);
        logger.LogWarning(
            "LinkedIn token {What} answered HTTP {Status}: {OAuthError} {OAuthDescription}",
            what,
            (int)status,
            error.OAuthError ?? error.Code,
            Redact(error.OAuthDescription ?? error.Message, Options.EffectiveClientSecret, grant));
        return new TokenAnswer(null, status, error);
    }

    /// <summary>The accessToken endpoint's answer: a token, or the status and error LinkedIn refused with.</summary>
    private sealed record TokenAnswer(LinkedInToken? Token, HttpStatusCode Status, LinkedInErrorBody? Error);

    public async Task<bool> RevokeAsync(string accessToken, CancellationToken cancellationToken)
    {
        var options = Options;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, AuthUrl("revoke"))
            {
                Content = new FormUrlEncodedContent(
                [
                    new("token", accessToken),
                    new("client_id", options.EffectiveClientId),
                    new("client_secret", options.EffectiveClientSecret),
                ]),
            };
            using var response = await httpClients.CreateClient(AuthClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogInformation("LinkedIn did not confirm the token revocation (HTTP {Status}).", (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (Exception ex)
        {
            // Unlinking deletes the token locally whatever happens here (the revoke endpoint is not even documented).
            logger.LogInformation("LinkedIn token revocation failed ({ExceptionType}).", ex.GetType().Name);
            return false;
        }
    }

    public async Task<LinkedInResult<LinkedInMember>> GetMemberAsync(string accessToken, CancellationToken cancellationToken)
    {
        // userinfo is an unversioned OpenID endpoint: no LinkedIn-Version header.
        using var request = RestRequest(HttpMethod.Get, "/v2/userinfo", accessToken, versioned: false);
        var answer = await SendAsync(request, "userinfo", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<LinkedInMember>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<LinkedInMember>.Fail(Failure(answer, "userinfo"));
        }

        if (ParseMember(answer.Body) is { } member)
        {
            return LinkedInResult<LinkedInMember>.Ok(member);
        }

        logger.LogWarning("LinkedIn userinfo answered without a member id (sub).");
        return LinkedInResult<LinkedInMember>.Fail(
            new PublishOutcome.Rejected("LinkedIn did not say which member signed in."));
    }

    private LinkedInToken? ParseToken(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (LinkedInErrorBody.String(root, "access_token") is not { Length: > 0 } accessToken)
            {
                return null;
            }

            var lifetime = root.TryGetProperty("expires_in", out var expiresIn) && expiresIn.ValueKind == JsonValueKind.Number
                && expiresIn.TryGetInt64(out var seconds)
                ? TimeSpan.FromSeconds(seconds)
                : DefaultTokenLifetime;
            var scopes = SplitScopes(LinkedInErrorBody.String(root, "scope") ?? string.Empty);
            var refresh = LinkedInErrorBody.String(root, "refresh_token") is { Length: > 0 } refreshToken ? refreshToken : null;
            DateTimeOffset? refreshExpiresAt = refresh is not null && root.TryGetProperty("refresh_token_expires_in", out var refreshIn)
                && refreshIn.ValueKind == JsonValueKind.Number && refreshIn.TryGetInt64(out var refreshSeconds)
                ? time.GetUtcNow() + TimeSpan.FromSeconds(refreshSeconds)
                : null;
            return new LinkedInToken(accessToken, time.GetUtcNow() + lifetime, scopes)
            {
                // A refresh token without a known end is kept as lasting a year, LinkedIn's documented lifetime.
                RefreshToken = refresh,
                RefreshExpiresAt = refresh is null ? null : refreshExpiresAt ?? time.GetUtcNow() + TimeSpan.FromDays(365),
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Parses userinfo leniently: <c>locale</c> arrives as an object although documented as a string.</summary>
    private static LinkedInMember? ParseMember(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (LinkedInErrorBody.String(root, "sub") is not { Length: > 0 } sub)
            {
                return null;
            }

            var name = LinkedInErrorBody.String(root, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                name = string.Join(' ', new[] { LinkedInErrorBody.String(root, "given_name"), LinkedInErrorBody.String(root, "family_name") }
                    .Where(part => !string.IsNullOrWhiteSpace(part)));
            }

            return new LinkedInMember("urn:li:person:" + sub, string.IsNullOrWhiteSpace(name) ? "LinkedIn member" : name.Trim());
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>LinkedIn returns scopes comma-separated live and space-separated in its docs.</summary>
    private static string[] SplitScopes(string scopes) =>
        scopes.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ExchangeErrorMessage(HttpStatusCode status, LinkedInErrorBody error) => (int)status switch
    {
        >= 500 => AuthUnreachableMessage,
        _ when error.OAuthError == "invalid_client"
            => "LinkedIn refused this bot's app credentials (the operator's LinkedIn:ClientId or LinkedIn:ClientSecret is wrong).",
        400 or 401 => LinkAgainMessage,
        var code => $"LinkedIn refused the sign-in (HTTP {code}).",
    };

    private static string? Redact(string? text, params string[] secrets)
    {
        if (text is null)
        {
            return null;
        }

        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
