using Microsoft.Net.Http.Headers;

namespace LinkedInBot.Sandbox;

/// <summary>Checks the <c>Authorization: Bearer</c> token of an API call with LinkedIn's 401 codes (65600/65601/65602).</summary>
internal static class SandboxBearer
{
    public static (SandboxAccessGrant? Grant, IResult? Failure) Authenticate(HttpRequest request, SandboxLinkedIn linkedIn)
    {
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        var token = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : string.Empty;
        var grant = token.Length == 0 ? null : linkedIn.FindToken(token);
        if (grant is null)
        {
            return (null, SandboxErrors.Rest(StatusCodes.Status401Unauthorized, "INVALID_ACCESS_TOKEN", "Invalid access token", 65600));
        }

        if (grant.Revoked)
        {
            return (null, SandboxErrors.Rest(StatusCodes.Status401Unauthorized, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user", 65601));
        }

        if (grant.ExpiresAt <= linkedIn.Now)
        {
            return (null, SandboxErrors.Rest(StatusCodes.Status401Unauthorized, "EXPIRED_ACCESS_TOKEN", "The token used in the request has expired", 65602));
        }

        return (grant, null);
    }

    /// <summary>The versioned REST API refuses a call without <c>LinkedIn-Version</c> (§4).</summary>
    public static IResult? CheckVersion(HttpRequest request)
    {
        var version = request.Headers["LinkedIn-Version"].ToString();
        if (version.Length == 0)
        {
            return SandboxErrors.Rest(StatusCodes.Status400BadRequest, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.");
        }

        return System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d{6}(\.\d{2})?$")
            ? null
            : SandboxErrors.Rest(StatusCodes.Status400BadRequest, "INVALID_VERSION", $"Invalid version format: {version}");
    }
}
