using LinkedInBot.Core;
using LinkedInBot.Web;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// <c>/sandbox/linkedin/oauth/v2/*</c>: the consent screen, the code exchange, revoke and introspection, with
/// LinkedIn's rules (single-use codes, exact redirect_uri, all-or-nothing consent) — linkedin-api.md §1.
/// </summary>
internal static class SandboxOAuthEndpoints
{
    public static void Map(IEndpointRouteBuilder oauth)
    {
        oauth.MapGet("/authorization", ShowConsent);
        oauth.MapPost("/authorization", DecideAsync).DisableAntiforgery();
        oauth.MapPost("/accessToken", ExchangeAsync).DisableAntiforgery();
        oauth.MapPost("/revoke", RevokeAsync).DisableAntiforgery();
        oauth.MapPost("/introspectToken", IntrospectAsync).DisableAntiforgery();
    }

    private static IResult ShowConsent(HttpRequest request, IOptions<BotOptions> bot, IOptions<LinkedInOptions> app, SandboxLinkedIn linkedIn)
    {
        var query = request.Query;
        var redirectUri = query["redirect_uri"].ToString();
        var state = query["state"].ToString();
        if (!string.Equals(query["client_id"].ToString(), linkedIn.ClientId, StringComparison.Ordinal))
        {
            // LinkedIn, too, shows an error page for an unknown client_id instead of redirecting anywhere.
            return HtmlPage.Result(
                HtmlPage.Message("Invalid client_id", HtmlPage.Tone.Problem, "This consent link was not made by this bot's sandbox. Go back to the chat and ask the bot for a new link."),
                StatusCodes.Status400BadRequest);
        }

        if (!IsRegisteredRedirect(redirectUri, bot.Value))
        {
            return RedirectMismatch(bot.Value);
        }

        if (!string.Equals(query["response_type"].ToString(), "code", StringComparison.Ordinal))
        {
            return Results.Redirect(Callback(redirectUri, ("error", "unsupported_response_type"), ("error_description", "Only response_type=code is supported"), ("state", state)));
        }

        var scopes = SplitScopes(query["scope"].ToString());
        var unknown = scopes.FirstOrDefault(s => !SandboxConsentPage.Grants(s, app.Value));
        if (scopes.Count == 0 || unknown is not null)
        {
            return Results.Redirect(Callback(
                redirectUri,
                ("error", "unauthorized_scope_error"),
                ("error_description", $"Scope \"{unknown ?? string.Empty}\" is not authorized for your application"),
                ("state", state)));
        }

        return HtmlPage.Result(SandboxConsentPage.Render(redirectUri, state, scopes));
    }

    private static async Task<IResult> DecideAsync(HttpRequest request, SandboxLinkedIn linkedIn, IOptions<BotOptions> bot, IOptions<LinkedInOptions> app)
    {
        if (!request.HasFormContentType)
        {
            return HtmlPage.Result(HtmlPage.Message("Bad request", HtmlPage.Tone.Problem, "The consent form was not submitted."), StatusCodes.Status400BadRequest);
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        var redirectUri = form["redirect_uri"].ToString();
        var state = form["state"].ToString();

        // The hidden field comes back from the browser: check it again, never redirect anywhere else.
        if (!IsRegisteredRedirect(redirectUri, bot.Value))
        {
            return RedirectMismatch(bot.Value);
        }

        if (!string.Equals(form["decision"].ToString(), "allow", StringComparison.Ordinal))
        {
            return Results.Redirect(Callback(
                redirectUri,
                ("error", "user_cancelled_authorize"),
                ("error_description", "The user cancelled the authorization"),
                ("state", state)));
        }

        var scopes = SplitScopes(form["scope"].ToString()).Where(scope => SandboxConsentPage.Grants(scope, app.Value)).ToList();
        var member = SandboxMember.FromName(form["member_name"].ToString());
        var code = linkedIn.IssueCode(member, redirectUri, scopes);
        return Results.Redirect(Callback(redirectUri, ("code", code.Code), ("state", state)));
    }

    private static async Task<IResult> ExchangeAsync(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        if (!request.HasFormContentType)
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "The request must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (!linkedIn.IsClient(form["client_id"], form["client_secret"]))
        {
            return InvalidClient();
        }

        if (!string.Equals(form["grant_type"].ToString(), "authorization_code", StringComparison.Ordinal))
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "unsupported_grant_type", "The sandbox, like LinkedIn for self-serve apps, only supports grant_type=authorization_code");
        }

        var code = form["code"].ToString();
        if (code.Length == 0)
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "A required parameter \"code\" is missing");
        }

        var issued = linkedIn.RedeemCode(code);
        if (issued is null)
        {
            return SandboxErrors.OAuth(StatusCodes.Status401Unauthorized, "invalid_request", "authorization code not found");
        }

        if (issued.ExpiresAt <= linkedIn.Now || !string.Equals(issued.RedirectUri, form["redirect_uri"].ToString(), StringComparison.Ordinal))
        {
            return SandboxErrors.OAuth(
                StatusCodes.Status400BadRequest,
                "invalid_request",
                "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists");
        }

        var grant = linkedIn.IssueToken(issued.Member, issued.Scopes);
        await request.HttpContext.RequestServices.GetRequiredService<SandboxState>().SaveTokenAsync(grant, CancellationToken.None);
        return Results.Json(new Dictionary<string, object>
        {
            ["access_token"] = grant.AccessToken,
            ["expires_in"] = SandboxLinkedIn.TokenLifetimeSeconds,

            // Live LinkedIn separates scopes with commas although the docs show spaces (capture).
            ["scope"] = string.Join(',', grant.Scopes),
            ["token_type"] = "Bearer",
        });
    }

    private static async Task<IResult> RevokeAsync(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        if (!request.HasFormContentType)
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "The request must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (!linkedIn.IsClient(form["client_id"], form["client_secret"]))
        {
            return InvalidClient();
        }

        var token = form["token"].ToString();
        if (token.Length == 0)
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "A required parameter \"token\" is missing");
        }

        if (linkedIn.Revoke(token))
        {
            await request.HttpContext.RequestServices.GetRequiredService<SandboxState>().RevokeAsync(token, CancellationToken.None);
        }

        return Results.Ok();
    }

    private static async Task<IResult> IntrospectAsync(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        if (!request.HasFormContentType)
        {
            return SandboxErrors.OAuth(StatusCodes.Status400BadRequest, "invalid_request", "The request must be application/x-www-form-urlencoded");
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (!linkedIn.IsClient(form["client_id"], form["client_secret"]))
        {
            return InvalidClient();
        }

        var grant = linkedIn.FindToken(form["token"].ToString());
        if (grant is null)
        {
            return Results.Json(new Dictionary<string, object> { ["active"] = false });
        }

        var status = grant.Revoked ? "revoked" : grant.ExpiresAt <= linkedIn.Now ? "expired" : "active";
        return Results.Json(new Dictionary<string, object>
        {
            ["active"] = status == "active",
            ["status"] = status,
            ["expires_at"] = grant.ExpiresAt.ToUnixTimeSeconds(),
            ["scope"] = string.Join(',', grant.Scopes),
            ["auth_type"] = "3L",
        });
    }

    /// <summary>LinkedIn's answer to wrong or missing app credentials (linkedin-api.md §1).</summary>
    private static IResult InvalidClient() =>
        SandboxErrors.OAuth(StatusCodes.Status401Unauthorized, "invalid_client", "Client authentication failed");

    /// <summary>LinkedIn matches redirect_uri character for character against the registered URL.</summary>
    private static bool IsRegisteredRedirect(string redirectUri, BotOptions bot) =>
        redirectUri.Length > 0 &&
        (string.Equals(redirectUri, bot.CallbackUrl.AbsoluteUri, StringComparison.Ordinal) ||
         string.Equals(redirectUri, bot.CallbackUrl.OriginalString, StringComparison.Ordinal));

    private static IResult RedirectMismatch(BotOptions bot) => HtmlPage.Result(
        HtmlPage.Message(
            "The redirect_uri does not match the registered value",
            HtmlPage.Tone.Problem,
            $"The sandbox only sends people back to {bot.CallbackUrl.AbsoluteUri} (Bot:PublicBaseUrl + /auth/linkedin/callback), like LinkedIn only redirects to a registered URL.",
            "Go back to the chat and ask the bot for a new link."),
        StatusCodes.Status400BadRequest);

    private static List<string> SplitScopes(string scope) =>
        scope.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static string Callback(string redirectUri, params (string Name, string Value)[] parameters) =>
        QueryHelpers.AddQueryString(
            redirectUri,
            parameters.Where(p => p.Value.Length > 0).Select(p => new KeyValuePair<string, string?>(p.Name, p.Value)));
}
