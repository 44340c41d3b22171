using System.Globalization;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Tests.Posting;

/// <summary>The &lt;when&gt; of /schedule, read in the user's zone, including the nights daylight saving skips or repeats.</summary>
public sealed class ScheduleTimeTests
{
    /// <summary>"Now" in the table: Monday 30 November 2026, 12:00 UTC.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string, string?> Table() => new()
    {
        // input, zone, expected instant (UTC), expected note (a fragment) or null
        { "in 45m Post", "UTC", "2026-11-30T12:45:00Z", null },
        { "in 2h Post", "Europe/Berlin", "2026-11-30T14:00:00Z", null },
        { "in 1d Post", "America/New_York", "2026-12-01T12:00:00Z", null },
        { "2026-12-24 09:30 Post", "UTC", "2026-12-24T09:30:00Z", null },
        { "2026-12-24 09:30 Post", "Europe/Berlin", "2026-12-24T08:30:00Z", null },
        { "2026-12-24 09:30 Post", "America/New_York", "2026-12-24T14:30:00Z", null },
        { "tomorrow 9:00 Post", "Europe/Berlin", "2026-12-01T08:00:00Z", null },
        { "today 18:00 Post", "America/New_York", "2026-11-30T23:00:00Z", null },

        // Monday 12:00 UTC is 13:00 in Berlin: "mon 9:30" has passed today, so next Monday; "mon 14:00" is still today.
        { "mon 9:30 Post", "Europe/Berlin", "2026-12-07T08:30:00Z", null },
        { "Monday 14:00 Post", "Europe/Berlin", "2026-11-30T13:00:00Z", null },
        { "fri 9:30 Post", "UTC", "2026-12-04T09:30:00Z", null },

        // Europe/Berlin 2027: clocks jump 02:00 → 03:00 on 28 March, go back 03:00 → 02:00 on 31 October.
        { "2027-03-28 02:30 Post", "Europe/Berlin", "2027-03-28T01:30:00Z", "so it is 03:30" },
        { "2027-03-28 03:30 Post", "Europe/Berlin", "2027-03-28T01:30:00Z", null },
        { "2027-10-31 02:30 Post", "Europe/Berlin", "2027-10-31T00:30:00Z", "happens twice" },
        { "2027-10-31 03:30 Post", "Europe/Berlin", "2027-10-31T02:30:00Z", null },

        // America/New_York 2027: 02:00 → 03:00 on 14 March, 02:00 → 01:00 on 7 November.
        { "2027-03-14 02:15 Post", "America/New_York", "2027-03-14T07:15:00Z", "so it is 03:15" },
        { "2027-11-07 01:30 Post", "America/New_York", "2027-11-07T05:30:00Z", "happens twice" },
        { "2027-11-07 02:30 Post", "America/New_York", "2027-11-07T07:30:00Z", null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void When_IsReadInTheUsersZone_WithOneAnswerForDaylightSaving(string input, string zoneId, string expected, string? note)
    {
        var zone = Schedules.FindZone(zoneId)!;

        var parsed = ScheduleTime.TryParse(input, Now, zone);

        Assert.NotNull(parsed);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), parsed.At);
        Assert.Equal("Post", parsed.Rest);
        if (note is null)
        {
            Assert.Null(parsed.Note);
        }
        else
        {
            Assert.Contains(note, parsed.Note, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Post at nine")]
    [InlineData("in 45 Post")]
    [InlineData("in forever")]
    [InlineData("2026-13-01 09:30 Post")]
    [InlineData("tomorrow 25:00 Post")]
    [InlineData("someday 9:00 Post")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void NotATime_IsNotRead(string input) =>
        Assert.Null(ScheduleTime.TryParse(input, Now, TimeZoneInfo.Utc));

    [Theory]
    [InlineData("Europe/Berlin", true)]
    [InlineData("america/new_york", true)]
    [InlineData("UTC", true)]
    [InlineData("Mars/Olympus_Mons", false)]
    [InlineData("W. Europe Standard Time", false)]
    [InlineData("", false)]
    public void FindZone_TakesIanaNamesOnly(string name, bool found) =>
        Assert.Equal(found, Schedules.FindZone(name) is not null);

    [Theory]
    [InlineData(59, "in 1 minute")]
    [InlineData(60 * 60, "in 1 hour")]
    [InlineData(60 * 60 * 3 + 60 * 20, "in 3 hours 20 minutes")]
    [InlineData(60 * 60 * 24 * 2 + 60 * 60 * 5 + 60, "in 2 days 5 hours")]
    public void HowFar_ReadsLikeSpeech(int seconds, string expected) =>
        Assert.Equal(expected, Schedules.HowFar(TimeSpan.FromSeconds(seconds)));
}
