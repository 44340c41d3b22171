using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.LinkedIn;

/// <summary>Keeps every log line (message and exception) so tests can assert on operator logs and on secrets.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    /// <summary>Fails when any captured line contains one of <paramref name="secrets"/>.</summary>
    public void AssertNoneContain(params string[] secrets)
    {
        foreach (var entry in Entries)
        {
            foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
            {
                Assert.False(entry.Text.Contains(secret, StringComparison.Ordinal), $"A log line leaks a secret: {entry.Category}: {entry.Text}");
            }
        }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<CapturedLog> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception) + (exception is null ? string.Empty : Environment.NewLine + exception);
            entries.Enqueue(new CapturedLog(category, logLevel, text));
        }
    }
}

internal sealed record CapturedLog(string Category, LogLevel Level, string Text);
