namespace LinkedInBot.Core.Posting;

/// <summary>
/// How a platform spells the bot's commands, so replies name the command the user can actually type
/// ("send /link" on Telegram, "use /linkedin link" on Discord). Adapters register one for their platform;
/// the slash commands of Telegram and the console are the default.
/// </summary>
/// <param name="PostUsage">One help line on how to publish on this platform.</param>
/// <param name="LinkCodeSyntax">How the link command carries the one-time code, with <c>{code}</c> in it; null: the link command, a space, the code.</param>
/// <param name="Forget">The forget-me command; null: <c>/forget</c>.</param>
/// <param name="ForgetYes">The forget-me command that confirms; null: <see cref="Forget"/> followed by " yes".</param>
public sealed record CommandNames(string Platform, string Link, string Post, string Unlink, string Status, string PostUsage, string? LinkCodeSyntax = null, string? Forget = null, string? ForgetYes = null)
{
    /// <summary>How the user asks to delete everything the bot keeps about them.</summary>
    public string ForgetCommand => Forget ?? "/forget";

    /// <summary>How the user confirms it.</summary>
    public string ForgetConfirm => ForgetYes ?? ForgetCommand + " yes";

    /// <summary>The command that finishes a link with <paramref name="code"/>, e.g. <c>/link K7P2XW9Q</c>.</summary>
    public string LinkWithCode(string code) =>
        LinkCodeSyntax is null ? $"{Link} {code}" : LinkCodeSyntax.Replace("{code}", code, StringComparison.Ordinal);

    // Issue 13's commands. Spelled as options of one command on Discord ("/linkedin posts"), so each is a whole usage.
    public string Delete { get; init; } = "/delete";

    public string Edit { get; init; } = "/edit";

    public string Posts { get; init; } = "/posts";

    public string Schedule { get; init; } = "/schedule";

    public string TimeZone { get; init; } = "/timezone";

    public string Queue { get; init; } = "/queue";

    public string Cancel { get; init; } = "/cancel";

    public string Draft { get; init; } = "/draft";

    public string Settings { get; init; } = "/settings";

    // Issue 14's commands: company pages and team approval.
    public string Pages { get; init; } = "/pages";

    public string As { get; init; } = "/as";

    public string Approval { get; init; } = "/approval";

    /// <summary>How a page is given to <see cref="As"/> (<c>{command} {page}</c>; Discord: <c>/linkedin as page:{page}</c>).</summary>
    public string AsSyntax { get; init; } = "{command} {page}";

    /// <summary>The command that makes the user post as <paramref name="page"/> (or "me").</summary>
    public string AsPage(string page) =>
        AsSyntax.Replace("{command}", As, StringComparison.Ordinal).Replace("{page}", page, StringComparison.Ordinal);

    /// <summary>How a post's number is given to a command (<c>{command} {n}</c>; Discord: <c>/linkedin delete number:{n}</c>).</summary>
    public string WithNumber(string command, long number) =>
        NumberSyntax.Replace("{command}", command, StringComparison.Ordinal).Replace("{n}", number.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    public string NumberSyntax { get; init; } = "{command} {n}";

    /// <summary>
    /// How the platform shows an instant in each reader's own zone, with <c>{unix}</c> for its Unix seconds (Discord:
    /// <c>&lt;t:{unix}:F&gt;</c>); null: the core writes the time in the user's zone.
    /// </summary>
    public string? LocalTimeSyntax { get; init; }

    /// <summary>True where the user can answer a message of the bot with a command (Telegram's replies).</summary>
    public bool RepliesToMessages { get; init; }

    /// <summary>True where replies carry pressable buttons (Telegram, Discord); the console prints the commands instead.</summary>
    public bool HasButtons { get; init; }

    public static CommandNames Slash(string platform) => new(
        platform,
        "/link",
        "/post",
        "/unlink",
        "/status",
        "/post <text> — publish text; reply /post to a message to publish it, or caption a photo with /post to publish the photo");
}

/// <summary>Finds the <see cref="CommandNames"/> of a platform.</summary>
public sealed class CommandNameBook(IEnumerable<CommandNames> registered)
{
    private readonly Dictionary<string, CommandNames> _byPlatform =
        registered.GroupBy(n => n.Platform, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    public CommandNames For(string platform) =>
        _byPlatform.TryGetValue(platform, out var names) ? names : CommandNames.Slash(platform);
}
