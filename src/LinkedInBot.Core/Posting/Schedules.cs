using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Posting;

/// <summary>The user's time zone, and times as users read them (in their zone, and how far away).</summary>
public sealed class Schedules(IUserSettingsStore settings, IOptions<BotOptions> options)
{
    /// <summary>The user's zone (<c>/timezone</c>), else <c>Bot:DefaultTimeZone</c>.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        var chosen = (await settings.GetAsync(address.Platform, address.UserId, cancellationToken)).TimeZone;
        return (chosen is null ? null : FindZone(chosen)) ?? DefaultZone;
    }

    public TimeZoneInfo DefaultZone => FindZone(options.Value.DefaultTimeZone) ?? TimeZoneInfo.Utc;

    /// <summary>An IANA zone by name (case as IANA writes it, or not), or null.</summary>
    public static TimeZoneInfo? FindZone(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        name = name.Trim();
        if (name.Equals("UTC", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Utc;
        }

        // Only IANA names: a Windows name would be converted on Linux but is not what users are told to type.
        if (!name.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        if (TimeZoneInfo.TryFindSystemTimeZoneById(name, out var zone))
        {
            return zone;
        }

        // Zone files are looked up by exact name on Linux; users type "europe/berlin" too.
        var spelled = TimeZoneInfo.GetSystemTimeZones().FirstOrDefault(z => string.Equals(z.Id, name, StringComparison.OrdinalIgnoreCase));
        return spelled;
    }

    /// <summary>"Thu 24 Dec 2026 09:30 (Europe/Berlin)".</summary>
    public static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString("ddd d MMM yyyy HH:mm", CultureInfo.InvariantCulture) + $" ({zone.Id})";

    /// <summary>"in 2 days 3 hours", "in 45 minutes", "in less than a minute".</summary>
    public static string HowFar(TimeSpan span)
    {
        // Rounded up to the minute: "in 1 minute" for 59.9 s reads better than "in 0 minutes".
        var minutes = (long)Math.Ceiling(span.TotalMinutes);
        if (minutes <= 0)
        {
            return "now";
        }

        var days = minutes / (24 * 60);
        var hours = minutes / 60 % 24;
        var rest = minutes % 60;
        var parts = new List<string>();
        if (days > 0)
        {
            parts.Add(Count(days, "day"));
        }

        if (hours > 0)
        {
            parts.Add(Count(hours, "hour"));
        }

        if (rest > 0 && days == 0)
        {
            parts.Add(Count(rest, "minute"));
        }

        return "in " + string.Join(' ', parts);
    }

    private static string Count(long n, string unit) => n == 1 ? $"1 {unit}" : string.Create(CultureInfo.InvariantCulture, $"{n} {unit}s");
}
