using System.Net;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// Turns a LinkedIn error answer into the one <see cref="PublishOutcome"/> the core reports. The table is the one in
/// the reference (§7): 401 → link again, 403 → permission, 426 → retired version, 429 → throttled, other 4xx →
/// LinkedIn's own message, 5xx → unavailable.
/// </summary>
internal static class LinkedInAnswers
{
    public static PublishOutcome ToOutcome(HttpStatusCode status, LinkedInErrorBody error, string apiVersion)
    {
        var code = (int)status;
        return code switch
        {
            // 65600 invalid, 65601 revoked, 65602 expired: all mean the member must link again.
            401 => new PublishOutcome.LinkExpired(),
            403 => new PublishOutcome.MissingPermission(error.Message ?? "LinkedIn denied access (HTTP 403)."),
            426 => new PublishOutcome.VersionRetired(apiVersion),
            429 => new PublishOutcome.RateLimited(),
            >= 500 => new PublishOutcome.Unavailable($"LinkedIn answered HTTP {code}."),

            // LinkedIn may count the escaped text: a post full of reserved characters can pass our own check.
            400 when error.Code == "FIELD_LENGTH_TOO_LONG" => new PublishOutcome.Rejected(
                "The post is too long for LinkedIn once its special characters are escaped. Please shorten it a little."),
            _ => new PublishOutcome.Rejected(error.Message ?? $"LinkedIn refused the request (HTTP {code})."),
        };
    }
}
