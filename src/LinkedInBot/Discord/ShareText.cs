using System.Globalization;
using System.Text.RegularExpressions;

namespace LinkedInBot.Discord;

/// <summary>
/// A Discord message's text as a LinkedIn reader should see it: user mentions become <c>@name</c>, custom emoji
/// <c>:name:</c>, timestamps a UTC date and time, command mentions <c>/name</c>, instead of <c>&lt;@123…&gt;</c>
/// markup that means nothing outside Discord. Role and channel mentions stay: the message does not carry their names.
/// </summary>
internal static partial class ShareText
{
    public static string From(SourceMessage message)
    {
        var content = message.Content ?? string.Empty;
        var names = (message.Mentions ?? [])
            .Where(user => !string.IsNullOrEmpty(user.Id))
            .GroupBy(user => user.Id, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.First().GlobalName ?? group.First().Username, StringComparer.Ordinal);
        content = UserMention().Replace(content, match =>
            names.TryGetValue(match.Groups["id"].Value, out var name) && !string.IsNullOrEmpty(name) ? "@" + name : match.Value);
        content = CustomEmoji().Replace(content, match => $":{match.Groups["name"].Value}:");
        content = CommandMention().Replace(content, match => "/" + match.Groups["name"].Value);
        return Timestamp().Replace(content, match =>
            long.TryParse(match.Groups["seconds"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= -62135596800 and <= 253402300799
                ? DateTimeOffset.FromUnixTimeSeconds(seconds).ToString(
                    match.Groups["style"].Value is "t" or "T" ? "HH:mm 'UTC'" : match.Groups["style"].Value is "d" or "D" ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm 'UTC'",
                    CultureInfo.InvariantCulture)
                : match.Value);
    }

    // </name:id>, </name sub:id> for subcommands.
    [GeneratedRegex(@"</(?<name>[\w-]{1,32}(?: [\w-]{1,32}){0,2}):\d{1,20}>", RegexOptions.CultureInvariant)]
    private static partial Regex CommandMention();

    // <t:seconds> or <t:seconds:style>, style one of t T d D f F R.
    [GeneratedRegex(@"<t:(?<seconds>-?\d{1,13})(?::(?<style>[tTdDfFR]))?>", RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"<@!?(?<id>\d{1,20})>", RegexOptions.CultureInvariant)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<a?:(?<name>\w{2,32}):\d{1,20}>", RegexOptions.CultureInvariant)]
    private static partial Regex CustomEmoji();
}
