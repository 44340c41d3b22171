using System.Collections.Concurrent;
using System.Text;
using LinkedInBot.ConsoleChat;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>A terminal for the console chat in tests: lines are typed one by one, output is kept and can be awaited.</summary>
internal sealed class TestTerminal : IDisposable
{
    private readonly LineFeed _input = new();
    private readonly Transcript _output = new();

    /// <param name="interactive">As a person at a terminal (a prompt is shown), rather than a pipe.</param>
    public TestTerminal(bool interactive = false)
    {
        Terminal = new ConsoleTerminal(_input, _output, interactive);
    }

    public ConsoleTerminal Terminal { get; }

    public string Output => _output.Text;

    /// <summary>The output, one entry per write: the console chat writes each reply at once.</summary>
    public IReadOnlyList<string> Writes => _output.Writes;

    /// <summary>Completes at the next write (a signal to wait on instead of polling).</summary>
    public Task NextWrite => _output.NextWrite;

    public void Type(string line) => _input.Add(line);

    /// <summary>Ctrl+D: the end of input.</summary>
    public void EndInput() => _input.End();

    /// <summary>Waits until the output contains <paramref name="expected"/> and returns the output from there on.</summary>
    public async Task<string> WaitForAsync(string expected, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var written = NextWrite;
            var text = Output;
            var at = text.IndexOf(expected, StringComparison.Ordinal);
            if (at >= 0)
            {
                return text[at..];
            }

            try
            {
                await written.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The console never printed \"{expected}\". It printed:\n{Output}");
            }
        }
    }

    public void Dispose()
    {
        _input.End();
        _input.Dispose();
    }

    private sealed class LineFeed : TextReader
    {
        private readonly BlockingCollection<string> _lines = [];

        public void Add(string line) => _lines.Add(line);

        public void End() => _lines.CompleteAdding();

        public override string? ReadLine() => _lines.TryTake(out var line, Timeout.Infinite) ? line : null;

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _lines.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class Transcript : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly List<string> _writes = [];
        private TaskCompletionSource _written = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task NextWrite
        {
            get
            {
                lock (_text)
                {
                    return _written.Task;
                }
            }
        }

        public IReadOnlyList<string> Writes
        {
            get
            {
                lock (_text)
                {
                    return [.. _writes];
                }
            }
        }

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void Write(string? value)
        {
            TaskCompletionSource written;
            lock (_text)
            {
                _text.Append(value);
                _writes.Add(value ?? string.Empty);
                written = _written;
                _written = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            written.TrySetResult();
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }
    }
}
