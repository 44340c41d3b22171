using System.Net;
using System.Text.RegularExpressions;

namespace LinkedInBot.Tests.Sandbox;

/// <summary>Fills in the sandbox consent page the way a browser would: reads the form from the HTML and posts it.</summary>
internal static partial class ConsentForm
{
    /// <summary>Opens <paramref name="consentUrl"/>, submits the form with the chosen button and returns the redirect target.</summary>
    public static async Task<Uri> SubmitAsync(HttpClient client, Uri consentUrl, string decision, string? memberName = null)
    {
        using var page = await client.GetAsync(consentUrl);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();

        var form = FormTag().Match(html);
        Assert.True(form.Success, "the consent page has a POST form");
        Assert.Contains($"value=\"{decision}\"", html, StringComparison.Ordinal);

        var fields = InputTag().Matches(html)
            .Select(m => (Name: Attribute(m.Value, "name"), Value: Attribute(m.Value, "value")))
            .Where(f => f.Name is not null)
            .ToDictionary(f => f.Name!, f => f.Value ?? string.Empty);
        if (memberName is not null)
        {
            fields["member_name"] = memberName;
        }

        fields["decision"] = decision;
        var action = new Uri(consentUrl, WebUtility.HtmlDecode(Attribute(form.Value, "action") ?? string.Empty));
        using var posted = await client.PostAsync(action, new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        return new Uri(action, posted.Headers.Location!);
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $"\\s{name}=\"(?<v>[^\"]*)\"");
        return match.Success ? WebUtility.HtmlDecode(match.Groups["v"].Value) : null;
    }

    [GeneratedRegex("<form[^>]*method=\"post\"[^>]*>")]
    private static partial Regex FormTag();

    [GeneratedRegex("<input[^>]*>")]
    private static partial Regex InputTag();
}
