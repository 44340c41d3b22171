using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace LinkedInBot.Tests.Sandbox;

/// <summary>Raw HTTP calls to the sandbox, written the way LinkedIn's docs show them.</summary>
internal static class SandboxApi
{
    /// <summary>Consent as <paramref name="memberName"/> and exchange the code: returns an access token.</summary>
    public static async Task<string> LinkAsync(SandboxServer server, string memberName = "Ada Lovelace")
    {
        var consent = new Uri(QueryHelpers.AddQueryString(server.BaseUrl + "/sandbox/linkedin/oauth/v2/authorization", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = server.LinkedIn.ClientId,
            ["redirect_uri"] = server.CallbackUrl,
            ["state"] = "s",
            ["scope"] = "openid profile w_member_social",
        }));
        var target = await ConsentForm.SubmitAsync(server.Client, consent, "allow", memberName);
        var code = QueryHelpers.ParseQuery(target.Query)["code"].ToString();
        using var response = await server.Client.PostAsync("/sandbox/linkedin/oauth/v2/accessToken", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["client_id"] = server.LinkedIn.ClientId,
            ["client_secret"] = server.LinkedIn.ClientSecret,
            ["redirect_uri"] = server.CallbackUrl,
        }));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    public static async Task<JsonElement> UserInfoAsync(SandboxServer server, string token)
    {
        using var response = await SendAsync(server, HttpMethod.Get, "/sandbox/linkedin/v2/userinfo", token);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public static async Task<string> MemberUrnAsync(SandboxServer server, string token) =>
        "urn:li:person:" + (await UserInfoAsync(server, token)).GetProperty("sub").GetString();

    public static Task<HttpResponseMessage> SendAsync(SandboxServer server, HttpMethod method, string path, string? token, object? json = null, bool versioned = true)
    {
        var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (versioned)
        {
            request.Headers.Add("LinkedIn-Version", "202610");
            request.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        }

        if (json is not null)
        {
            request.Content = JsonContent.Create(json);
        }

        return server.Client.SendAsync(request);
    }

    public static object Post(string author, string commentary, string? imageUrn = null) => imageUrn is null
        ? new
        {
            author,
            commentary,
            visibility = "PUBLIC",
            distribution = new { feedDistribution = "MAIN_FEED", targetEntities = Array.Empty<string>(), thirdPartyDistributionChannels = Array.Empty<string>() },
            lifecycleState = "PUBLISHED",
            isReshareDisabledByAuthor = false,
        }
        : new
        {
            author,
            commentary,
            visibility = "PUBLIC",
            distribution = new { feedDistribution = "MAIN_FEED", targetEntities = Array.Empty<string>(), thirdPartyDistributionChannels = Array.Empty<string>() },
            lifecycleState = "PUBLISHED",
            isReshareDisabledByAuthor = false,
            content = new { media = new { id = imageUrn, altText = "A red dot" } },
        };
}
