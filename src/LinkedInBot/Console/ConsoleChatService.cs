using LinkedInBot.Core;
using System.Threading.Channels;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.ConsoleChat;

/// <summary>
/// The console chat: reads lines, stores each command as a job like every adapter does, and waits for it before
/// reading the next, so the replies (printed by <see cref="ConsoleChatNotifier"/>) come in the order typed. At the end
/// of input it stops the host, after the last reply is out.
/// </summary>
public sealed class ConsoleChatService(
    ConsoleTerminal terminal,
    ConsoleRequests requests,
    ConsoleReplyWriter writer,
    ConsoleBanner banner,
    ChatRequestQueue queue,
    IHostApplicationLifetime lifetime,
    ILogger<ConsoleChatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The banner names URLs that must already answer when someone clicks them.
        if (!await lifetime.WaitForStartAsync(stoppingToken))
        {
            return;
        }

        await terminal.WriteAsync(banner.Text(requests.Address.UserId), stoppingToken);
        await PromptAsync(Prompt, stoppingToken);

        var lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        StartReading(lines.Writer);
        try
        {
            var pending = new System.Text.StringBuilder();
            await foreach (var line in lines.Reader.ReadAllAsync(stoppingToken))
            {
                terminal.PromptAnswered();

                // A line ending with a backslash goes on: a post of several lines is typed line by line.
                if (line.EndsWith('\\'))
                {
                    pending.Append(line.AsSpan(0, line.Length - 1)).Append('\n');
                    await PromptAsync(ContinuationPrompt, stoppingToken);
                    continue;
                }

                await HandleLineAsync(pending.Append(line).ToString(), stoppingToken);
                pending.Clear();
                await PromptAsync(Prompt, stoppingToken);
            }

            if (pending.Length > 0)
            {
                await HandleLineAsync(pending.ToString().TrimEnd('\n'), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (IOException ex)
        {
            logger.LogWarning("Reading the console failed ({ErrorType}); the console chat ends", ex.GetType().Name);
        }

        await terminal.WriteAsync(RequestReplies.EndOfInput + Environment.NewLine, stoppingToken);
        lifetime.StopApplication();
    }

    /// <summary>Shown before each command a person types; a pipe gets none.</summary>
    public const string Prompt = "> ";

    /// <summary>Shown after a line that ends with a backslash: the next line belongs to the same command.</summary>
    public const string ContinuationPrompt = ". ";

    private Task PromptAsync(string prompt, CancellationToken stoppingToken) =>
        terminal.IsInteractive ? terminal.PromptAsync(prompt, stoppingToken) : Task.CompletedTask;

    private async Task HandleLineAsync(string line, CancellationToken stoppingToken)
    {
        var request = requests.Parse(line, out var hint);
        if (request is null)
        {
            if (hint.Length > 0)
            {
                await writer.WriteAsync(hint, stoppingToken);
            }

            return;
        }

        try
        {
            var ticket = await queue.EnqueueAsync(request, dedupeKey: null, stoppingToken);
            await queue.WaitForAsync(ticket.JobId, stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError(ex, "The console command {Command} failed", request.Command);
            await writer.WriteAsync(RequestReplies.SomethingWentWrongSeeLog, stoppingToken);
        }
    }

    /// <summary>
    /// Blocking reads run on their own background thread: <see cref="TextReader.ReadLine"/> on standard input
    /// cannot be cancelled, and a parked thread-pool thread would hold up nothing but would never come back.
    /// A background thread does not keep the process alive when the host stops (Ctrl+C).
    /// </summary>
    private void StartReading(ChannelWriter<string> lines)
    {
        var reader = new Thread(() =>
        {
            try
            {
                while (terminal.Input.ReadLine() is { } line)
                {
                    lines.TryWrite(line);
                }

                lines.TryComplete();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                lines.TryComplete(new IOException("The console input failed.", ex));
            }
        })
        {
            IsBackground = true,
            Name = "Console chat input",
        };
        reader.Start();
    }
}
