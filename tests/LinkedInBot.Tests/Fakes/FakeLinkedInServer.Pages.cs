using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// Company pages (organizationAcls, organizations; posting and uploading as a page needs a posting role and
/// <c>w_organization_social</c>) and refresh tokens (<c>grant_type=refresh_token</c>), as linkedin-api.md §8 and §11 describe.
/// </summary>
public sealed partial class FakeLinkedInServer
{
    private static readonly HashSet<string> PostingRoles = ["ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER", "CONTENT_ADMINISTRATOR"];

    private readonly Dictionary<string, (string Name, string? Vanity)> _organizations = [];
    private readonly Dictionary<(string Sub, string OrganizationId), string> _roles = [];
    private readonly Dictionary<string, FakeRefresh> _refreshTokens = [];
    private bool _refuseRefresh;

    /// <summary>When set, token answers carry a refresh token (as for a Community Management app).</summary>
    public bool IssueRefreshTokens { get; set; }

    /// <summary><c>refresh_token_expires_in</c> of issued refresh tokens (LinkedIn: about a year).</summary>
    public long RefreshTokenExpiresInSeconds { get; set; } = 31_536_000;

    /// <summary>Refresh grants answered so far (successful or not).</summary>
    public int RefreshGrants => Requests.Count(r => r.Path == "/oauth/v2/accessToken" && r.Body.Contains("grant_type=refresh_token", StringComparison.Ordinal));

    /// <summary>Makes <paramref name="sub"/> hold <paramref name="role"/> on a page (created if new).</summary>
    public void GrantPage(string sub, string organizationId, string name, string? vanityName = null, string role = "ADMINISTRATOR")
    {
        lock (_gate)
        {
            _organizations[organizationId] = (name, vanityName);
            _roles[(sub, organizationId)] = role;
        }
    }

    /// <summary>A page admin takes the member's role away: posting as the page now answers 403.</summary>
    public void RemoveRole(string sub, string organizationId)
    {
        lock (_gate)
        {
            _roles.Remove((sub, organizationId));
        }
    }

    /// <summary>Every refresh grant from now on is refused (revoked or expired refresh token).</summary>
    public void RefuseRefreshTokens()
    {
        lock (_gate)
        {
            _refuseRefresh = true;
        }
    }

    /// <summary>A valid access token with these scopes (comma-separated as LinkedIn reports them).</summary>
    public string IssueTokenFor(string sub, string? name, string scope)
    {
        lock (_gate)
        {
            return IssueToken(sub, name, scope);
        }
    }

    /// <summary>A refresh token for a member, for tests that seed a link directly.</summary>
    public string IssueRefreshTokenFor(string sub, string? name, string scope)
    {
        lock (_gate)
        {
            return IssueRefresh(sub, name, scope);
        }
    }

    private void MapPages(WebApplication app)
    {
        app.MapGet("/rest/organizationAcls", (RequestDelegate)OrganizationAclsAsync);
        app.MapGet("/rest/organizations/{id}", (RequestDelegate)OrganizationAsync);
    }

    /// <summary>True when <paramref name="member"/> may post or upload as <paramref name="urn"/>: itself, or a page it has a posting role on.</summary>
    private bool MayActAs(FakeToken member, string? urn)
    {
        if (urn == "urn:li:person:" + member.Sub)
        {
            return true;
        }

        if (urn is null || !urn.StartsWith("urn:li:organization:", StringComparison.Ordinal) || !member.Scope.Split(',', ' ').Contains("w_organization_social"))
        {
            return false;
        }

        lock (_gate)
        {
            return _roles.TryGetValue((member.Sub, urn["urn:li:organization:".Length..]), out var role) && PostingRoles.Contains(role);
        }
    }

    private Task OrganizationAclsAsync(HttpContext context)
    {
        if (RejectApiCall(context, out var member) is { } refused)
        {
            return WriteAsync(context, refused.Status, refused.Body);
        }

        if (!member.Scope.Split(',', ' ').Any(s => s is "r_organization_admin" or "rw_organization_admin"))
        {
            return WriteAsync(context, 403, FakeLinkedInBodies.AccessDenied);
        }

        if (context.Request.Query["q"] != "roleAssignee")
        {
            return WriteAsync(context, 400, """{"status":400,"message":"Unknown finder"}""");
        }

        var elements = new JsonArray();
        lock (_gate)
        {
            foreach (var ((sub, organizationId), role) in _roles)
            {
                if (sub == member.Sub)
                {
                    elements.Add(new JsonObject
                    {
                        ["roleAssignee"] = "urn:li:person:" + sub,
                        ["role"] = role,
                        ["state"] = "APPROVED",
                        ["organization"] = "urn:li:organization:" + organizationId,
                    });
                }
            }
        }

        return WriteAsync(context, 200, new JsonObject { ["elements"] = elements, ["paging"] = new JsonObject { ["count"] = 100, ["start"] = 0 } }.ToJsonString());
    }

    private Task OrganizationAsync(HttpContext context)
    {
        if (RejectApiCall(context, out _) is { } refused)
        {
            return WriteAsync(context, refused.Status, refused.Body);
        }

        var id = (string)context.Request.RouteValues["id"]!;
        (string Name, string? Vanity) organization;
        lock (_gate)
        {
            if (!_organizations.TryGetValue(id, out organization))
            {
                return WriteAsync(context, 404, """{"status":404,"message":"Not found"}""");
            }
        }

        var body = new JsonObject { ["id"] = long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), ["localizedName"] = organization.Name };
        if (organization.Vanity is not null)
        {
            body["vanityName"] = organization.Vanity;
        }

        return WriteAsync(context, 200, body.ToJsonString());
    }

    /// <summary>The refresh grant, under the lock.</summary>
    private (int Status, string Body) Refresh(IFormCollection form)
    {
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return (401, FakeLinkedInBodies.OAuth("invalid_client", "Client authentication failed"));
        }

        string refreshToken = form["refresh_token"].ToString();
        if (_refuseRefresh || !_refreshTokens.TryGetValue(refreshToken, out var known) || known.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            return (400, FakeLinkedInBodies.OAuth("invalid_request", "The provided authorization grant or refresh token is invalid, expired or revoked."));
        }

        var token = IssueToken(known.Sub, known.Name, known.Scope);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = TokenExpiresInSeconds,
            ["refresh_token"] = refreshToken,
            ["refresh_token_expires_in"] = (long)(known.ExpiresAt - DateTimeOffset.UtcNow).TotalSeconds,
            ["scope"] = known.Scope,
            ["token_type"] = "Bearer",
        };
        return (200, body.ToJsonString());
    }

    private string IssueRefresh(string sub, string? name, string scope)
    {
        var refresh = "AQX" + RandomNumberGenerator.GetHexString(300, lowercase: false);
        _refreshTokens[refresh] = new FakeRefresh(sub, name, scope, DateTimeOffset.UtcNow.AddSeconds(RefreshTokenExpiresInSeconds));
        return refresh;
    }

    private sealed record FakeRefresh(string Sub, string? Name, string Scope, DateTimeOffset ExpiresAt);
}
