namespace LinkedInBot.ConsoleChat;

/// <summary>
/// The terminal the console chat talks to: standard input and output by default, a pipe in tests.
/// Writes are serialised because replies and notifications (the OAuth callback) arrive on different threads.
/// </summary>
public sealed class ConsoleTerminal(TextReader input, TextWriter output, bool interactive = false) : IDisposable
{
    private readonly SemaphoreSlim _writing = new(1, 1);

    // The prompt the cursor stands after, while nobody has answered it: a notice arriving then (the sign-in's
    // "Linked as …") starts on a line of its own, and the prompt is shown again under it.
    private string? _openPrompt;

    public TextReader Input => input;

    /// <summary>True when a person types (standard input is a terminal): then the chat shows a prompt. Not for a pipe.</summary>
    public bool IsInteractive => interactive;

    public static ConsoleTerminal Standard() =>
        new(System.Console.In, System.Console.Out, interactive: !System.Console.IsInputRedirected);

    /// <summary>Shows <paramref name="prompt"/> and waits on the same line.</summary>
    public async Task PromptAsync(string prompt, CancellationToken cancellationToken)
    {
        await WriteAsync(prompt, cancellationToken);
        _openPrompt = prompt;
    }

    /// <summary>A line was read: the person's Enter ended the prompt's line.</summary>
    public void PromptAnswered() => _openPrompt = null;

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _writing.WaitAsync(cancellationToken);
        try
        {
            if (_openPrompt is { } open)
            {
                text = Environment.NewLine + text + open;
            }

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
