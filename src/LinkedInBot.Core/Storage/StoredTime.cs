using System.Globalization;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The one text form of a time in the database: UTC, fixed width, so SQL comparisons (<c>expires_at &lt; @Now</c>)
/// and <c>ORDER BY</c> on the text agree with time order.
/// </summary>
public static class StoredTime
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static string ToText(DateTimeOffset value) => value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromText(string text)
    {
        var utc = DateTime.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        return new DateTimeOffset(utc, TimeSpan.Zero);
    }
}
