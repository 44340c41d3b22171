namespace LinkedInBot.ConsoleChat;

/// <summary>
/// The terminal the console chat talks to: standard input and output by default, a pipe in tests.
/// Writes are serialised because replies and notifications (the OAuth callback) arrive on different threads.
/// </summary>
public sealed class ConsoleTerminal(TextReader input, TextWriter output, bool interactive = false) : IDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    public TextReader Input => input;

    /// <summary>True when a person types (standard input is a terminal): then the chat shows a prompt. Not for a pipe.</summary>
    public bool IsInteractive => interactive;

    public static ConsoleTerminal Standard() =>
        new(System.Console.In, System.Console.Out, interactive: !System.Console.IsInputRedirected);

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            await output.WriteAsync(text);
            await output.FlushAsync(CancellationToken.None);
        }
        finally
        {
            _writing.Release();
        }
    }

    public void Dispose() => _writing.Dispose();
}
