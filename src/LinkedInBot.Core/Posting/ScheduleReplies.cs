using System.Globalization;
using System.Text.RegularExpressions;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Posting;

/// <summary>Every reply about waiting posts (scheduled, late, drafts), worded once for all platforms.</summary>
public static partial class ScheduleReplies
{
    public const string CancelLabel = "Cancel";
    public const string PublishNowLabel = "Publish now";
    public const string PublishLabel = "Publish";
    public const string ScheduleLabel = "Schedule";

    public static string Example(CommandNames commands) =>
        $"For example: {commands.Schedule} tomorrow 9:00 Our new release is out!";

    public static ChatReply Usage(CommandNames commands) => ChatReply.Error(
        $"When should it be published? Start with a time: 2026-12-24 09:30, today 18:00, tomorrow 9:00, mon 9:30, in 45m, in 2h or in 1d (in your time zone, see {commands.TimeZone}). {Example(commands)}");

    /// <summary>A refusal for a time in the past or too far ahead; null when the time is fine.</summary>
    public static ChatReply? CheckTime(DateTimeOffset at, DateTimeOffset now, TimeSpan maxAhead, TimeZoneInfo zone)
    {
        if (at <= now)
        {
            return ChatReply.Error($"{Schedules.Local(at, zone)} has already passed. Choose a time in the future; nothing was scheduled.");
        }

        if (at - now > maxAhead)
        {
            return ChatReply.Error(string.Create(CultureInfo.InvariantCulture, $"That is too far ahead: posts can be scheduled at most {maxAhead.TotalDays:0.#} days ahead. Nothing was scheduled."));
        }

        return null;
    }

    /// <summary>How a time reads on the platform: the reader's own zone where the platform can (Discord), else the user's zone and how far away.</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo zone, DateTimeOffset now, CommandNames commands) =>
        commands.LocalTimeSyntax is { } syntax
            ? syntax.Replace("{unix}", at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            : $"{Schedules.Local(at, zone)}, {Schedules.HowFar(at - now)}";

    public static ChatReply Scheduled(WaitingPost post, TimeZoneInfo zone, DateTimeOffset now, string? note, AccountLink? link, CommandNames commands)
    {
        var at = post.DueAt!.Value;
        var text = $"Scheduled post {post.Number} for {When(at, zone, now, commands)}. {commands.WithNumber(commands.Cancel, post.Number)} cancels it; {commands.Queue} lists your scheduled posts.";
        if (note is not null)
        {
            text += "\n" + note;
        }

        if (link is not null && link.ExpiresAt <= at)
        {
            text += $"\nYour LinkedIn link expires before then ({Schedules.Local(link.ExpiresAt, zone)}): send {commands.Link} before that, or the post cannot be published.";
        }

        return new ChatReply(text, [], ReplyVisibility.Private)
        {
            Actions = [new(CancelLabel, PressData.Of(PressData.CancelScheduled, post.Number), commands.WithNumber(commands.Cancel, post.Number))],
        };
    }

    public static ChatReply TooLate(WaitingPost post, TimeZoneInfo zone, CommandNames commands) =>
        new($"Scheduled post {post.Number} was due {Schedules.Local(post.DueAt!.Value, zone)}, but the bot was not running then. Publish it now, or cancel it?\n\"{PostControlReplies.FirstWords(post.Text)}\"", [], ReplyVisibility.Private)
        {
            Actions =
            [
                new(PublishNowLabel, PressData.Of(PressData.LateNow, post.Number)),
                new(CancelLabel, PressData.Of(PressData.LateCancel, post.Number), commands.WithNumber(commands.Cancel, post.Number)),
            ],
        };

    public static ChatReply Queue(IReadOnlyList<WaitingPost> posts, TimeZoneInfo zone, DateTimeOffset now, CommandNames commands)
    {
        if (posts.Count == 0)
        {
            return ChatReply.Info($"Nothing is scheduled. {Example(commands)}");
        }

        var lines = new List<string> { "Your scheduled posts:" };
        foreach (var post in posts)
        {
            var state = post.State == WaitingPostState.Late ? " (late: waiting for your answer)" : string.Empty;
            lines.Add($"{post.Number} · {When(post.DueAt!.Value, zone, now, commands)}{state} · \"{PostControlReplies.FirstWords(post.Text)}\"");
        }

        lines.Add($"{commands.WithNumber(commands.Cancel, posts[0].Number)} cancels one.");
        return new ChatReply(string.Join('\n', lines), [], ReplyVisibility.Private)
        {
            // Discord allows 25 buttons a message, Telegram many more; a long queue still has /cancel.
            Actions = posts.Take(20).Select(p => new ActionButton($"{CancelLabel} {p.Number}", PressData.Of(PressData.CancelScheduled, p.Number))).ToList(),
        };
    }

    /// <summary>The post as LinkedIn will show it (its text escaped and read back), with Publish, Schedule and Cancel.</summary>
    public static ChatReply Draft(WaitingPost post, CommandNames commands, string? cardTitle = null)
    {
        // As LinkedIn will show it: without the --no-card marker, which publishing strips.
        var shown = LittleText.Render(LittleText.Escape(LinkPreview.LinkCardMaker.StripMarker(post.Text).Text));
        var lines = new List<string> { $"Draft {post.Number} — this is how LinkedIn will show it:", string.Empty, shown.Length == 0 ? "(no text)" : shown };
        var hashtags = HashtagPattern().Matches(post.Text).Select(m => m.Value).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (hashtags.Count > 0)
        {
            lines.Add(string.Empty);
            lines.Add("Hashtags: " + string.Join(' ', hashtags));
        }

        if (post.Image is { } image)
        {
            lines.Add($"With the image {image.FileName}.");
        }

        if (cardTitle is not null)
        {
            lines.Add($"With the link card \"{cardTitle}\".");
        }

        if (!commands.HasButtons)
        {
            lines.Add(string.Empty);
            lines.Add($"{commands.WithNumber(commands.Schedule, post.Number)} <when> schedules it; {commands.WithNumber(commands.Cancel, post.Number)} discards it.");
        }

        return new ChatReply(string.Join('\n', lines), [], ReplyVisibility.Private)
        {
            Actions =
            [
                new(PublishLabel, PressData.Of(PressData.DraftPublish, post.Number)),
                new(ScheduleLabel, PressData.Of(PressData.DraftSchedule, post.Number)),
                new(CancelLabel, PressData.Of(PressData.DraftCancel, post.Number), commands.WithNumber(commands.Cancel, post.Number)),
            ],
        };
    }

    public static ChatReply AskForTime(WaitingPost post, CommandNames commands) => ChatReply.Info(
        $"When? Send {commands.WithNumber(commands.Schedule, post.Number)} <when>, for example {commands.WithNumber(commands.Schedule, post.Number)} tomorrow 9:00 (or in 2h, mon 9:30, 2026-12-24 09:30).");

    /// <summary>
    /// A second decision about a post that was decided already (a button pressed twice): said to the presser alone, and
    /// the message with the first decision's answer stays as it is.
    /// </summary>
    public static ChatReply AlreadyDecided(WaitingPost post) => ChatReply.Info(post.State switch
    {
        WaitingPostState.Cancelled => $"Post {post.Number} was cancelled; nothing was published.",
        WaitingPostState.Published or WaitingPostState.Publishing => $"Post {post.Number} is already published (or being published).",
        WaitingPostState.Scheduled => $"Post {post.Number} is already scheduled.",
        _ => $"Post {post.Number} has changed meanwhile; nothing was done.",
    }) with
    {
        IsPressAnswer = true,
    };

    [GeneratedRegex(@"(?<!\w)#\w+", RegexOptions.CultureInvariant)]
    private static partial Regex HashtagPattern();
}
