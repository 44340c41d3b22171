using System.Globalization;
using System.Text.Json;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    /// <summary>
    /// The roles on a page that may post as it (reference linkedin-api.md §8, §11). LinkedIn's documents spell the content
    /// role both ways, so both are taken.
    /// </summary>
    private static readonly HashSet<string> PostingRoles = new(StringComparer.Ordinal)
    {
        "ADMINISTRATOR", "DIRECT_SPONSORED_CONTENT_POSTER", "CONTENT_ADMINISTRATOR", "CONTENT_ADMIN",
    };

    private const string OrganizationUrnPrefix = "urn:li:organization:";

    public async Task<LinkedInResult<IReadOnlyList<LinkedInPage>>> GetPagesAsync(string accessToken, CancellationToken cancellationToken)
    {
        using var request = RestRequest(HttpMethod.Get, "/rest/organizationAcls?q=roleAssignee&state=APPROVED&count=100", accessToken);
        var answer = await SendAsync(request, "organizationAcls", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<IReadOnlyList<LinkedInPage>>.Fail(failure);
        }

        if (!answer.IsSuccess)
        {
            return LinkedInResult<IReadOnlyList<LinkedInPage>>.Fail(Failure(answer, "organizationAcls"));
        }

        var pages = new List<LinkedInPage>();
        foreach (var id in PostingOrganizations(answer.Body))
        {
            using var named = RestRequest(HttpMethod.Get, "/rest/organizations/" + Uri.EscapeDataString(id), accessToken);
            var organization = await SendAsync(named, "organizations", cancellationToken);
            if (organization.TransportFailure is { } down)
            {
                return LinkedInResult<IReadOnlyList<LinkedInPage>>.Fail(down);
            }

            // A page whose name cannot be read is still one the member may post for: it is listed by its id.
            var (name, vanity) = organization.IsSuccess ? ParseOrganization(organization.Body) : (null, null);
            if (!organization.IsSuccess)
            {
                Failure(organization, "organizations");
            }

            pages.Add(new LinkedInPage(id, string.IsNullOrWhiteSpace(name) ? "Page " + id : name.Trim(), string.IsNullOrWhiteSpace(vanity) ? null : vanity.Trim()));
        }

        return LinkedInResult<IReadOnlyList<LinkedInPage>>.Ok(pages);
    }

    /// <summary>The ids of the organizations an ACL answer names with a role that may post, in order, once each.</summary>
    private static List<string> PostingOrganizations(string body)
    {
        var ids = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("elements", out var elements) || elements.ValueKind != JsonValueKind.Array)
            {
                return ids;
            }

            foreach (var element in elements.EnumerateArray())
            {
                var role = LinkedInErrorBody.String(element, "role");
                var state = LinkedInErrorBody.String(element, "state");
                var organization = LinkedInErrorBody.String(element, "organization") ?? LinkedInErrorBody.String(element, "organizationTarget");
                if (role is null || !PostingRoles.Contains(role) || (state is not null && state != "APPROVED")
                    || organization is null || !organization.StartsWith(OrganizationUrnPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var id = organization[OrganizationUrnPrefix.Length..];
                if (id.Length > 0 && id.All(char.IsAsciiDigit) && !ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
        }
        catch (JsonException)
        {
        }

        return ids;
    }

    private static (string? Name, string? Vanity) ParseOrganization(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return (LinkedInErrorBody.String(root, "localizedName"), LinkedInErrorBody.String(root, "vanityName"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
