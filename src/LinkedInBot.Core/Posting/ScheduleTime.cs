using System.Globalization;
using System.Text.RegularExpressions;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// Reads the <c>&lt;when&gt;</c> at the start of <c>/schedule &lt;when&gt; &lt;text&gt;</c>: <c>2026-12-24 09:30</c>,
/// <c>today 18:00</c>, <c>tomorrow 9:00</c>, <c>mon 9:30</c> (the next Monday at that time, today if still ahead),
/// <c>in 45m</c>, <c>in 2h</c>, <c>in 1d</c> (elapsed time: <c>in 1d</c> is 24 hours, whatever the clocks do).
/// Wall-clock times are in the user's zone, with one answer for the hours daylight saving skips or repeats:
/// <list type="bullet">
/// <item>a time that does not exist (clocks jump from 02:00 to 03:00) is moved forward by the jump: 02:30 becomes 03:30;</item>
/// <item>a time that happens twice (clocks go back from 03:00 to 02:00) is the first of the two, still on summer time.</item>
/// </list>
/// That is what java.time and Noda Time's lenient resolver do, and what calendar apps show.
/// </summary>
public static partial class ScheduleTime
{
    /// <summary>The instant, and a note when daylight saving moved or chose it.</summary>
    public sealed record Parsed(DateTimeOffset At, string Rest, string? Note);

    private static readonly string[] Days = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    /// <summary>Null when <paramref name="input"/> does not start with a time this parser knows.</summary>
    public static Parsed? TryParse(string input, DateTimeOffset now, TimeZoneInfo zone)
    {
        var (first, second, rest) = Split(input);
        if (first is null || second is null)
        {
            return null;
        }

        if (first.Equals("in", StringComparison.OrdinalIgnoreCase))
        {
            var match = DurationPattern().Match(second);
            if (!match.Success || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }

            var unit = match.Groups[2].Value.ToLowerInvariant();
            var span = unit[0] switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return new Parsed(now + span, rest, null);
        }

        if (!TryClock(second, out var clock))
        {
            return null;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        DateOnly date;
        if (DateOnly.TryParseExact(first, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            date = exact;
        }
        else if (first.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            date = today;
        }
        else if (first.Equals("tomorrow", StringComparison.OrdinalIgnoreCase))
        {
            date = today.AddDays(1);
        }
        else if (DayOf(first) is { } day)
        {
            date = today.AddDays(((int)day - (int)today.DayOfWeek + 7) % 7);
            var (candidate, _) = ToInstant(date.ToDateTime(clock), zone);
            if (candidate <= now)
            {
                date = date.AddDays(7);
            }
        }
        else
        {
            return null;
        }

        var (at, note) = ToInstant(date.ToDateTime(clock), zone);
        return new Parsed(at, rest, note);
    }

    /// <summary>A wall-clock time in <paramref name="zone"/> as an instant, with the daylight-saving rule of this class.</summary>
    public static (DateTimeOffset At, string? Note) ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // Skipped by the clocks: read with the offset before the jump, which lands as far past the jump as the
            // time was past its start (02:30 → 03:30).
            var before = zone.GetUtcOffset(local.AddHours(-12));
            var at = new DateTimeOffset(local, before);
            var shown = TimeZoneInfo.ConvertTime(at, zone);
            return (at, $"{Clock(local)} does not exist that day in {zone.Id} (the clocks jump forward), so it is {Clock(shown.DateTime)}.");
        }

        if (zone.IsAmbiguousTime(local))
        {
            // Happens twice: the first one, before the clocks go back, has the larger offset.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return (new DateTimeOffset(local, offset), $"{Clock(local)} happens twice that night in {zone.Id} (the clocks go back); the first one is meant.");
        }

        return (new DateTimeOffset(local, zone.GetUtcOffset(local)), null);
    }

    private static string Clock(DateTime time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static (string? First, string? Second, string Remainder) Split(string input)
    {
        var text = input.TrimStart();
        var firstEnd = EndOfToken(text, 0);
        var secondStart = firstEnd;
        while (secondStart < text.Length && char.IsWhiteSpace(text[secondStart]))
        {
            secondStart++;
        }

        if (firstEnd == 0 || secondStart >= text.Length)
        {
            return (firstEnd == 0 ? null : text[..firstEnd], null, string.Empty);
        }

        var secondEnd = EndOfToken(text, secondStart);
        return (text[..firstEnd], text[secondStart..secondEnd], text[secondEnd..].Trim());
    }

    private static int EndOfToken(string text, int start)
    {
        var end = start;
        while (end < text.Length && !char.IsWhiteSpace(text[end]))
        {
            end++;
        }

        return end;
    }

    private static bool TryClock(string text, out TimeOnly clock) =>
        TimeOnly.TryParseExact(text, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out clock);

    private static DayOfWeek? DayOf(string text)
    {
        if (text.Length < 3)
        {
            return null;
        }

        var lower = text.ToLowerInvariant();
        for (var i = 0; i < Days.Length; i++)
        {
            var full = ((DayOfWeek)i).ToString().ToLowerInvariant();
            if (lower == Days[i] || lower == full)
            {
                return (DayOfWeek)i;
            }
        }

        return null;
    }

    [GeneratedRegex(@"^(\d{1,6})(m|min|h|d)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
