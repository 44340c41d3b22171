using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// How a <see cref="PublishOutcome"/> is spread over the ledger's outcome columns. The kind strings are stored
/// data: rename a record freely, never a kind.
/// </summary>
internal static class PublishOutcomeColumns
{
    public static (string Kind, string? Urn, string? Url, string? Detail) ToColumns(PublishOutcome outcome) => outcome switch
    {
        PublishOutcome.Published published => ("published", published.Urn, published.Url.OriginalString, null),
        PublishOutcome.NotLinked => ("not_linked", null, null, null),
        PublishOutcome.LinkExpired => ("link_expired", null, null, null),
        PublishOutcome.MissingPermission missing => ("missing_permission", null, null, missing.Detail),
        PublishOutcome.RateLimited => ("rate_limited", null, null, null),
        PublishOutcome.Rejected rejected => ("rejected", null, null, rejected.Reason),
        PublishOutcome.VersionRetired retired => ("version_retired", null, null, retired.Version),
        PublishOutcome.Unavailable unavailable => ("unavailable", null, null, unavailable.Detail),
        PublishOutcome.Unconfirmed unconfirmed => ("unconfirmed", null, null, unconfirmed.Detail),
        PublishOutcome.Interrupted => ("interrupted", null, null, null),
        PublishOutcome.AttachmentProblem problem => ("attachment_problem", null, null, problem.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "This publish outcome has no storage mapping."),
    };

    public static PublishOutcome? FromColumns(string? kind, string? urn, string? url, string? detail) => kind switch
    {
        null => null,
        "published" => new PublishOutcome.Published(Required(urn, kind), new Uri(Required(url, kind), UriKind.RelativeOrAbsolute)),
        "not_linked" => new PublishOutcome.NotLinked(),
        "link_expired" => new PublishOutcome.LinkExpired(),
        "missing_permission" => new PublishOutcome.MissingPermission(detail ?? ""),
        "rate_limited" => new PublishOutcome.RateLimited(),
        "rejected" => new PublishOutcome.Rejected(detail ?? ""),
        "version_retired" => new PublishOutcome.VersionRetired(detail ?? ""),
        "unavailable" => new PublishOutcome.Unavailable(detail ?? ""),
        "unconfirmed" => new PublishOutcome.Unconfirmed(detail ?? ""),
        "interrupted" => new PublishOutcome.Interrupted(),
        "attachment_problem" => new PublishOutcome.AttachmentProblem(detail ?? ""),
        _ => throw new InvalidOperationException($"The post ledger holds an unknown outcome kind '{kind}'."),
    };

    private static string Required(string? value, string kind) =>
        value ?? throw new InvalidOperationException($"The post ledger holds a '{kind}' outcome with a missing column.");
}
