using System.Globalization;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// How old a <c>LinkedIn-Version</c> (YYYYMM or YYYYMM.RR) is. LinkedIn keeps each monthly version for at least
/// 12 months and switches it off around the 15th; after that every call answers 426 (n8n #28660, mixpost #166).
/// </summary>
public static class LinkedInVersionAge
{
    /// <summary>From this age on the start-up check warns: about two months before LinkedIn retires the version.</summary>
    public const int WarnAtMonths = 10;

    public static bool TryParse(string version, out DateOnly released)
    {
        released = default;
        var yyyymm = version.Split('.')[0];
        if (yyyymm.Length != 6
            || !int.TryParse(yyyymm.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(yyyymm.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || year < 2000 || month is < 1 or > 12)
        {
            return false;
        }

        released = new DateOnly(year, month, 1);
        return true;
    }

    /// <summary>Whole calendar months between the version's month and <paramref name="now"/> (UTC); negative for a future version.</summary>
    public static int MonthsOld(DateOnly released, DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return ((utc.Year - released.Year) * 12) + (utc.Month - released.Month);
    }

    /// <summary>LinkedIn's earliest switch-off: around the 15th, 12 months after the release month.</summary>
    public static DateOnly ExpectedRetirement(DateOnly released) => released.AddMonths(12).AddDays(14);
}
