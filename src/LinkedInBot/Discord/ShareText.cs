using System.Text.RegularExpressions;

namespace LinkedInBot.Discord;

/// <summary>
/// A Discord message's text as a LinkedIn reader should see it: user mentions become <c>@name</c> and custom
/// emoji <c>:name:</c>, instead of <c>&lt;@123…&gt;</c> markup that means nothing outside Discord.
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
        return CustomEmoji().Replace(content, match => $":{match.Groups["name"].Value}:");
    }

    [GeneratedRegex(@"<@!?(?<id>\d{1,20})>", RegexOptions.CultureInvariant)]
    private static partial Regex UserMention();

    [GeneratedRegex(@"<a?:(?<name>\w{2,32}):\d{1,20}>", RegexOptions.CultureInvariant)]
    private static partial Regex CustomEmoji();
}
