using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.ConsoleChat;

/// <summary>Turns a typed line into a chat request, or into a hint when the line is not a command.</summary>
public sealed class ConsoleRequests
{
    public static readonly string Hint = RequestReplies.CommandHint(CommandNames.Slash(ConsoleChatNotifier.PlatformName));

    private const string ImageOption = "--image";

    private const string VideoOption = "--video";

    // A per-run prefix keeps message ids unique across runs: the post ledger keys posts by (chat, message id).
    private readonly string _runId = Guid.NewGuid().ToString("N")[..12];

    private long _lineNumber;

    public ConsoleRequests()
        : this(string.IsNullOrWhiteSpace(Environment.UserName) ? "you" : Environment.UserName, StartDirectory())
    {
    }

    public ConsoleRequests(string userName, string? baseDirectory = null)
    {
        Address = new ChatAddress(ConsoleChatNotifier.PlatformName, "console", userName);
        BaseDirectory = baseDirectory ?? Environment.CurrentDirectory;
    }

    /// <summary>Where a relative <c>--image</c> path is looked for: the folder the command was run from.</summary>
    public string BaseDirectory { get; }

    /// <summary>
    /// The folder the person ran the bot from. <c>dotnet run --project src/LinkedInBot</c> starts the bot in the
    /// project's folder, but the shell's <c>PWD</c> still names the folder the command was typed in; when it names an
    /// existing folder it wins (a shell exports it and keeps it current; without one it is absent).
    /// </summary>
    internal static string StartDirectory(string? pwd = null, string? current = null)
    {
        pwd ??= Environment.GetEnvironmentVariable("PWD");
        current ??= Environment.CurrentDirectory;
        return !string.IsNullOrEmpty(pwd) && Path.IsPathFullyQualified(pwd) && Directory.Exists(pwd) ? pwd : current;
    }

    public ChatAddress Address { get; }

    /// <summary>
    /// Returns the request for a command line. For anything else returns null and a hint in
    /// <paramref name="hint"/> (empty for a blank line, which deserves no answer).
    /// </summary>
    public ChatRequest? Parse(string line, out string hint)
    {
        var lineNumber = Interlocked.Increment(ref _lineNumber);
        hint = string.Empty;
        var text = line.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (!ChatCommandParser.TryParse(text, null, out var command, out var argument))
        {
            hint = text.StartsWith('/') ? RequestReplies.UnknownCommandWithHint(text.Split(' ')[0], Hint) : Hint;
            return null;
        }

        ChatImage? image = null;
        if (command is ChatCommand.Post or ChatCommand.Draft or ChatCommand.Schedule && StartsWithOption(argument, ImageOption))
        {
            (image, argument, hint) = ReadImageOption(argument);
            if (image is null)
            {
                return null;
            }
        }

        // A video is published at once (a scheduled post or a draft keeps text and one image only).
        if (command is ChatCommand.Post && StartsWithOption(argument, VideoOption))
        {
            var (file, rest, problem) = ReadFileOption(argument, VideoOption, AttachmentReplies.VideoPathMissing("/post"), AttachmentReplies.VideoPathUnclosed("/post"));
            if (file is null)
            {
                hint = problem;
                return null;
            }

            ChatAttachment video = new(AttachmentKind.Video, file.Name, file.Length, _ => Task.FromResult<Stream>(file.OpenRead())) { Reference = file.FullName };
            return new ChatRequest(Address, Address.UserId, $"{_runId}-{lineNumber}", command, rest) { Attachments = [video] };
        }

        return new ChatRequest(Address, Address.UserId, $"{_runId}-{lineNumber}", command, argument, image);
    }

    private static bool StartsWithOption(string argument, string option) =>
        argument.StartsWith(option, StringComparison.Ordinal) &&
        (argument.Length == option.Length || char.IsWhiteSpace(argument[option.Length]));

    /// <summary><c>--image path text</c> or <c>--image "path with spaces" text</c>.</summary>
    private (ChatImage? Image, string Text, string Problem) ReadImageOption(string argument)
    {
        var (file, rest, problem) = ReadFileOption(argument, ImageOption, AttachmentReplies.ImagePathMissing("/post"), AttachmentReplies.ImagePathUnclosed("/post"));
        if (file is null)
        {
            return (null, string.Empty, problem);
        }

        var image = new ChatImage(file.Name, file.Length, _ => Task.FromResult<Stream>(file.OpenRead())) { Reference = file.FullName };
        return (image, rest, string.Empty);
    }

    /// <summary><c>--option path text</c> or <c>--option "path with spaces" text</c>: the existing file and the text after it.</summary>
    private (FileInfo? File, string Text, string Problem) ReadFileOption(string argument, string option, string pathMissing, string pathUnclosed)
    {
        var rest = argument[option.Length..].TrimStart();
        string path;
        if (rest.StartsWith('"'))
        {
            var close = rest.IndexOf('"', 1);
            if (close < 0)
            {
                return (null, string.Empty, pathUnclosed);
            }

            path = rest[1..close];
            rest = rest[(close + 1)..];
        }
        else
        {
            var end = 0;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
            {
                end++;
            }

            path = rest[..end];
            rest = rest[end..];
        }

        if (path.Length == 0)
        {
            return (null, string.Empty, pathMissing);
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        }

        FileInfo file;
        try
        {
            file = new FileInfo(Path.GetFullPath(path, BaseDirectory));
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or NotSupportedException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            return (null, string.Empty, AttachmentReplies.NotAFilePath);
        }

        if (!file.Exists)
        {
            return (null, string.Empty, AttachmentReplies.NoSuchFile(file.FullName));
        }

        return (file, rest.Trim(), string.Empty);
    }
}
