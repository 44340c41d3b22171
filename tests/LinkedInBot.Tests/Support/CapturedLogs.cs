using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Support;

/// <summary>One captured log entry: the formatted message, the exception and the structured state, as text.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Text);

/// <summary>
/// Captures every log entry at every level so tests can check what operators see and that no secret is
/// logged — in the message, an exception or a structured value.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    /// <summary>Each entry as one string: "Level Category: text".</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(e => $"{e.Level} {e.Category}: {e.Text}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Fails when any captured entry contains one of <paramref name="secrets"/>.</summary>
    public void AssertNoneContain(params string[] secrets)
    {
        foreach (var entry in Entries)
        {
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            {
                Assert.False(entry.Text.Contains(secret, StringComparison.Ordinal), $"A log entry leaks a secret: {entry.Category}: {entry.Text}");
            }
        }
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (exception is not null)
            {
                text += Environment.NewLine + exception;
            }

            // Structured values that the message template does not show still reach log sinks.
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                text += Environment.NewLine + string.Join("; ", values.Select(v => $"{v.Key}={v.Value}"));
            }

            owner._entries.Enqueue(new CapturedLog(category, logLevel, text));
        }
    }
}
