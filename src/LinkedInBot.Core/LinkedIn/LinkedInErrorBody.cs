using System.Text.Json;
using System.Text.RegularExpressions;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// The parts of a LinkedIn error body the bot uses. REST errors look like
/// <c>{"status":401,"serviceErrorCode":65602,"code":"EXPIRED_ACCESS_TOKEN","message":"…"}</c>; OAuth errors like
/// <c>{"error":"invalid_request","error_description":"…"}</c>. Bodies that are not JSON are tolerated.
/// </summary>
internal sealed partial record LinkedInErrorBody(
    string? Message,
    string? Code,
    int? ServiceErrorCode,
    IReadOnlyList<string> InputErrorCodes,
    string? OAuthError,
    string? OAuthDescription)
{
    private static readonly LinkedInErrorBody Empty = new(null, null, null, [], null, null);

    public bool IsDuplicatePost =>
        InputErrorCodes.Contains("DUPLICATE_POST") || (Message?.Contains("duplicate of urn:", StringComparison.OrdinalIgnoreCase) ?? false);

    /// <summary>The original post named by a DUPLICATE_POST message ("…Content is a duplicate of urn:li:share:N").</summary>
    public string? DuplicateOf => Message is null ? null : PostUrn().Match(Message) is { Success: true } m ? m.Value : null;

    public static LinkedInErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Empty;
            }

            var inputErrors = new List<string>();
            if (root.TryGetProperty("errorDetails", out var details) && details.ValueKind == JsonValueKind.Object
                && details.TryGetProperty("inputErrors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray())
                {
                    if (String(error, "code") is { } code)
                    {
                        inputErrors.Add(code);
                    }
                }
            }

            int? serviceErrorCode = root.TryGetProperty("serviceErrorCode", out var sec) && sec.ValueKind == JsonValueKind.Number
                && sec.TryGetInt32(out var number) ? number : null;
            return new LinkedInErrorBody(
                String(root, "message"),
                String(root, "code"),
                serviceErrorCode,
                inputErrors,
                String(root, "error"),
                String(root, "error_description"));
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    internal static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    [GeneratedRegex(@"urn:li:(?:share|ugcPost):\d+")]
    private static partial Regex PostUrn();
}
