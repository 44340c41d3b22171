using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.ConsoleChat;

/// <summary>Turns a typed line into a chat request, or into a hint when the line is not a command.</summary>
public sealed class ConsoleRequests
{
    public static readonly string Hint = RequestReplies.CommandHint(CommandNames.Slash(ConsoleChatNotifier.PlatformName));

    // The options that attach a file, each as often as wanted, before the text: /post --image a.png --image b.png text.
    private static readonly (string Option, AttachmentKind Kind)[] FileOptions =
    [
        ("--image", AttachmentKind.Image),
        ("--document", AttachmentKind.Document),
        ("--video", AttachmentKind.Video),
    ];

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

        var attachments = new List<ChatAttachment>();
        while (command is ChatCommand.Post or ChatCommand.Draft or ChatCommand.Schedule && StartingOption(argument) is var (option, kind))
        {
            (var attachment, argument, hint) = ReadFileOption(argument, option, kind);
            if (attachment is null)
            {
                return null;
            }

            attachments.Add(attachment);
        }

        var request = new ChatRequest(Address, Address.UserId, $"{_runId}-{lineNumber}", command, argument);
        return attachments switch
        {
            [] => request,
            [ChatImage image] => request with { Image = image },
            _ => request with { Attachments = attachments },
        };
    }

    private static (string Option, AttachmentKind Kind)? StartingOption(string argument)
    {
        foreach (var (option, kind) in FileOptions)
        {
            if (argument.StartsWith(option, StringComparison.Ordinal) &&
                (argument.Length == option.Length || char.IsWhiteSpace(argument[option.Length])))
            {
                return (option, kind);
            }
        }

        return null;
    }

    /// <summary><c>--image path text</c> or <c>--image "path with spaces" text</c> (and so for the other options).</summary>
    private (ChatAttachment? Attachment, string Text, string Problem) ReadFileOption(string argument, string option, AttachmentKind kind)
    {
        var rest = argument[option.Length..].TrimStart();
        string path;
        if (rest.StartsWith('"'))
        {
            var close = rest.IndexOf('"', 1);
            if (close < 0)
            {
                return (null, string.Empty, kind == AttachmentKind.Image ? AttachmentReplies.ImagePathUnclosed("/post") : AttachmentReplies.FilePathUnclosed("/post", option));
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
            return (null, string.Empty, kind == AttachmentKind.Image ? AttachmentReplies.ImagePathMissing("/post") : AttachmentReplies.FilePathMissing("/post", option));
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

        Func<CancellationToken, Task<Stream>> open = _ => Task.FromResult<Stream>(file.OpenRead());
        ChatAttachment attachment = kind == AttachmentKind.Image
            ? new ChatImage(file.Name, file.Length, open)
            : new ChatAttachment(kind, file.Name, file.Length, open);
        return (attachment with { Reference = file.FullName }, rest.TrimStart(), string.Empty);
    }
}
