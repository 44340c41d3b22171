using LinkedInBot.Core;
using System.Text;
using LinkedInBot.Web;

namespace LinkedInBot.Sandbox;

/// <summary>The sandbox's version of LinkedIn's consent screen: who asks, for what, as which member.</summary>
internal static class SandboxConsentPage
{
    /// <summary>What LinkedIn's consent screen says for each scope the bot may ask for.</summary>
    public static readonly IReadOnlyDictionary<string, string> ScopeDescriptions = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["openid"] = "Use your name and photo",
        ["profile"] = "Use your name and photo",
        ["email"] = "Use the primary email address associated with your LinkedIn account",
        ["w_member_social"] = "Create, modify, and delete posts, comments, and reactions on your behalf",
        ["w_organization_social"] = "Create, modify, and delete posts, comments, and reactions on your organization's behalf",
        ["r_organization_admin"] = "Retrieve your organization's pages and their reporting data",
    };

    /// <summary>
    /// Whether the sandbox's app has the product of <paramref name="scope"/>: the page scopes only with
    /// LinkedIn:EnablePages, as a real app has them only with the Community Management API.
    /// </summary>
    public static bool Grants(string scope, LinkedInOptions app) =>
        ScopeDescriptions.ContainsKey(scope) && (app.EnablePages || scope is not ("w_organization_social" or "r_organization_admin"));

    public static string Render(string redirectUri, string state, IReadOnlyList<string> scopes)
    {
        var body = new StringBuilder();
        body.Append("<section class=\"card\">");
        body.Append("<p class=\"muted\">LinkedIn sandbox · nothing is published to LinkedIn</p>");
        body.Append("<h1>LinkedInBot would like to access your LinkedIn account</h1>");
        body.Append("<p>This will allow LinkedInBot to:</p><ul>");
        foreach (var description in scopes.Select(s => ScopeDescriptions[s]).Distinct(StringComparer.Ordinal))
        {
            body.Append("<li>").Append(HtmlPage.Encode(description)).Append("</li>");
        }

        body.Append("</ul>");
        body.Append("<form method=\"post\" action=\"authorization\">");
        AppendHidden(body, "redirect_uri", redirectUri);
        AppendHidden(body, "state", state);
        AppendHidden(body, "scope", string.Join(' ', scopes));
        body.Append("<p><label for=\"member_name\">Sign in as (any name; the sandbox has no passwords)</label><br>");
        body.Append("<input id=\"member_name\" name=\"member_name\" maxlength=\"").Append(SandboxMember.MaxNameLength)
            .Append("\" value=\"").Append(HtmlPage.Encode(SandboxMember.DefaultName))
            .Append("\" autocomplete=\"name\" style=\"font:inherit;width:100%;padding:.5rem;border-radius:8px;border:1px solid var(--muted)\"></p>");
        body.Append("<p><button class=\"primary\" type=\"submit\" name=\"decision\" value=\"allow\">Allow</button>");
        body.Append("<button class=\"secondary\" type=\"submit\" name=\"decision\" value=\"cancel\">Cancel</button></p>");
        body.Append("</form>");
        body.Append("<p class=\"muted\">You are on the bot's built-in LinkedIn sandbox (LinkedIn:ClientId is not set). ")
            .Append("No LinkedIn account is used; posts appear only on the sandbox feed at /sandbox/feed.</p>");
        body.Append("</section>");
        return HtmlPage.Document("Allow LinkedInBot (sandbox)", body.ToString());
    }

    private static void AppendHidden(StringBuilder body, string name, string value) =>
        body.Append("<input type=\"hidden\" name=\"").Append(name).Append("\" value=\"").Append(HtmlPage.Encode(value)).Append("\">");
}
