using System.Globalization;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// What LinkedIn's Videos API takes through the API (reference: linkedin-api.md, Videos): MP4, 75 KB to 500 MB,
/// 3 seconds to 30 minutes. Size and type are checked before any upload; the length in time is LinkedIn's to judge
/// (the bot does not decode videos): a clip outside it fails processing, which the reply names.
/// </summary>
public static class LinkedInVideoRules
{
    public const long MinBytes = 75 * 1024;

    public const long MaxBytes = 500L * 1024 * 1024;

    /// <summary>The types the bot sends to LinkedIn as a video, as chat platforms name them.</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = ["video/mp4", "video/quicktime"];

    /// <summary>File name endings taken as a video when a platform names no type (a file sent as a document).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".mp4", ".mov", ".m4v"];

    public static bool IsAcceptedContentType(string? contentType) =>
        contentType is not null && ContentTypes.Contains(contentType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase);

    public static bool HasVideoExtension(string? fileName) =>
        fileName is not null && Extensions.Any(extension => fileName.EndsWith(extension, StringComparison.OrdinalIgnoreCase));

    /// <summary>Null when LinkedIn takes a video of <paramref name="length"/> bytes; otherwise why not, for the user.</summary>
    public static string? CheckLength(long length) => length switch
    {
        < MinBytes => $"The video is {Kilobytes(length)} KB; LinkedIn takes videos from 75 KB to 500 MB.",
        > MaxBytes => $"The video is {Megabytes(length)} MB; LinkedIn takes videos up to 500 MB.",
        _ => null,
    };

    private static string Kilobytes(long bytes) => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
