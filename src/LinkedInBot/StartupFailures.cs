using System.Net.Sockets;
using System.Text.RegularExpressions;
using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using Microsoft.AspNetCore.Connections;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// Turns what stops the bot from starting into one line for the operator: what is wrong, which setting or file, and
/// what to do. <c>Program.cs</c> prints it with a non-zero exit code instead of a stack trace.
/// </summary>
internal static partial class StartupFailures
{
    /// <summary>Exit code of a configuration error (a setting is missing or invalid).</summary>
    public const int ConfigurationExitCode = 2;

    /// <summary>Exit code of any other start-up failure (the port, the database, the key ring).</summary>
    public const int StartupExitCode = 3;

    /// <summary>The line for each configuration problem, in our words (without the framework's validation wrapping).</summary>
    public static IEnumerable<string> ConfigurationLines(OptionsValidationException exception) =>
        exception.Failures.Select(failure => "Configuration error: " + Unwrap(failure));

    /// <summary>The configuration problems inside <paramref name="exception"/>, if it is (or wraps) a validation failure.</summary>
    public static OptionsValidationException? ConfigurationProblem(Exception exception) =>
        Causes(exception).OfType<OptionsValidationException>().FirstOrDefault();

    /// <summary>One line for any other failure at start-up.</summary>
    public static string Line(Exception exception, string? databaseName)
    {
        var causes = Causes(exception).ToList();
        if (causes.OfType<BotStartupException>().FirstOrDefault() is { } startup)
        {
            return "Start-up error: " + startup.Message;
        }

        if (causes.OfType<AddressInUseException>().Any() || causes.OfType<SocketException>().Any(s => s.SocketErrorCode == SocketError.AddressAlreadyInUse))
        {
            var address = causes.OfType<IOException>().Select(io => AddressOf(io.Message)).FirstOrDefault(a => a is not null);
            var other = Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Port < 65535 ? uri.Port + 1 : 5081;
            return $"Start-up error: {address ?? "The port in Urls"} is already in use (another program, or another copy of the bot, listens there). " +
                $"Stop it, or set Urls to a free port, e.g. Urls=http://localhost:{other} (Bot:PublicBaseUrl follows Urls unless you set it).";
        }

        if (causes.OfType<SqliteException>().FirstOrDefault() is { } sqlite)
        {
            return "Start-up error: " + SqliteProblems.Of(sqlite, databaseName ?? "the database (Storage:ConnectionString)").Problem;
        }

        if (causes.OfType<UnauthorizedAccessException>().FirstOrDefault() is { } denied)
        {
            return $"Start-up error: {OneLine(denied.Message)} Give the bot's user write access there (Docker: UID 1654), or change Storage:ConnectionString / Storage:KeysDirectory.";
        }

        var last = causes[^1];
        return $"Start-up error ({last.GetType().Name}): {OneLine(last.Message)}";
    }

    // Microsoft.Extensions.Options.DataAnnotations wraps each attribute's message; ours already names the key and the fix.
    private static string Unwrap(string failure) =>
        DataAnnotationFailure().Match(failure) is { Success: true } match ? match.Groups["message"].Value : failure;

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    private static string? AddressOf(string message) => BindFailure().Match(message) is { Success: true } match ? match.Groups["address"].Value : null;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(?<message>.*)'\.$", RegexOptions.Singleline)]
    private static partial Regex DataAnnotationFailure();

    [GeneratedRegex(@"bind to address (?<address>\S+?):? address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindFailure();
}
