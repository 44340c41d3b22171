using System.Text;
using Microsoft.Data.Sqlite;

namespace LinkedInBot.ConsoleChat;

/// <summary>
/// Where the log goes while the console chat runs: a file in the data folder (<c>console.log</c> next to the SQLite
/// database), so warnings and errors never land between the chat's lines. The banner names the file. The file is
/// opened at the first line (no empty file for a quiet run), appended to, and readable by the bot's user only: log
/// lines may name members and posts. If it cannot be written, the lines go to standard error as before.
/// </summary>
public sealed class ConsoleLogFile : ILoggerProvider
{
    public const string FileName = "console.log";

    private readonly object _gate = new();
    private readonly TextWriter _fallback;
    private StreamWriter? _writer;
    private bool _failed;

    public ConsoleLogFile(string path, TextWriter? fallback = null)
    {
        FilePath = path;
        _fallback = fallback ?? System.Console.Error;
    }

    /// <summary>The absolute path of the log file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// <c>console.log</c> in the folder of the SQLite database (Storage:ConnectionString); with PostgreSQL, or a database
    /// that is no file, in the folder that holds Storage:KeysDirectory (<c>data/</c> by default).
    /// Read from the raw settings: a bad value is reported by the options validation, not here.
    /// </summary>
    public static string PathFor(IConfiguration configuration)
    {
        var folder = SqliteFolder(configuration)
            ?? Path.GetDirectoryName(Path.GetFullPath(configuration["Storage:KeysDirectory"] is { Length: > 0 } keys ? keys : "data/keys"))
            ?? Path.GetFullPath("data");
        return Path.Combine(folder, FileName);
    }

    public ILogger CreateLogger(string categoryName) => new FileLogger(this, categoryName);

    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
            _failed = true;
        }
    }

    private static string? SqliteFolder(IConfiguration configuration)
    {
        var provider = configuration["Storage:Provider"];
        if (!string.IsNullOrEmpty(provider) && !provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        try
        {
            var source = new SqliteConnectionStringBuilder(configuration["Storage:ConnectionString"] ?? Core.StorageOptions.SqliteDefaultConnectionString).DataSource;
            if (string.IsNullOrWhiteSpace(source) || source.Equals(":memory:", StringComparison.OrdinalIgnoreCase) || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            return Path.GetDirectoryName(Path.GetFullPath(source));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return null;
        }
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            if (!_failed && _writer is null)
            {
                _writer = Open();
                _failed = _writer is null;
            }

            try
            {
                if (_writer is not null)
                {
                    _writer.Write(line);
                    _writer.Flush();
                    return;
                }
            }
            catch (IOException)
            {
                // A full disk: the rest goes to standard error, where the chat shows it but nothing is lost.
                _writer?.Dispose();
                _writer = null;
                _failed = true;
            }
        }

        _fallback.Write(line);
    }

    private StreamWriter? Open()
    {
        try
        {
            var folder = Path.GetDirectoryName(FilePath)!;
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
            }
            else
            {
                Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            return new StreamWriter(new FileStream(FilePath, options), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _fallback.WriteLine($"The log file {FilePath} cannot be written ({ex.Message.TrimEnd('.')}); log lines go to standard error.");
            return null;
        }
    }

    private sealed class FileLogger(ConsoleLogFile file, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = new StringBuilder()
                .Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture))
                .Append(' ').Append(Level(logLevel))
                .Append(' ').Append(category).Append(": ")
                .Append(formatter(state, exception));
            if (exception is not null)
            {
                line.AppendLine().Append(exception);
            }

            file.Write(line.AppendLine().ToString());
        }

        private static string Level(LogLevel level) => level switch
        {
            LogLevel.Trace => "trce",
            LogLevel.Debug => "dbug",
            LogLevel.Information => "info",
            LogLevel.Warning => "warn",
            LogLevel.Error => "fail",
            _ => "crit",
        };
    }
}
