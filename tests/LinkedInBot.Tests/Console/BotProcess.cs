using System.Diagnostics;
using System.Text;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>
/// The built bot as a real process (<c>dotnet LinkedInBot.dll</c>), exactly as a newcomer starts it, with
/// standard input piped from the test and standard output/error captured separately.
/// </summary>
internal sealed class BotProcess : IDisposable
{
    // Settings a developer's shell may carry must not leak into a "no configuration" run.
    private static readonly string[] ConfigurationPrefixes =
        ["LinkedIn__", "Telegram__", "Discord__", "Console__", "Bot__", "Storage__", "Logging__", "ASPNETCORE_", "DOTNET_URLS", "DOTNET_ENVIRONMENT"];

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    // Completed at each line on standard output, then replaced (a signal to wait on instead of polling).
    private TaskCompletionSource _printed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process)
    {
        _process = process;
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static BotProcess Start(string workingDirectory, params string[] arguments) =>
        Start(workingDirectory, new Dictionary<string, string>(), arguments);

    /// <summary>Starts the bot with only <paramref name="environment"/> as its configuration from the environment.</summary>
    public static BotProcess Start(string workingDirectory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "LinkedInBot.dll");
        Assert.True(File.Exists(app), $"The bot was not built next to the tests: {app}");

        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(app);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in start.Environment.Keys.Where(k => ConfigurationPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        var bot = new BotProcess(process);
        process.OutputDataReceived += (_, e) => bot.Append(bot._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => bot.Append(bot._stderr, e.Data);
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    public async Task TypeAsync(string line)
    {
        await _process.StandardInput.WriteLineAsync(line);
        await _process.StandardInput.FlushAsync();
    }

    /// <summary>Ctrl+D: closes standard input.</summary>
    public void EndInput() => _process.StandardInput.Close();

    /// <summary>Waits until standard output contains <paramref name="expected"/>; returns the output from there on.</summary>
    public async Task<string> WaitForAsync(string expected, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var printed = Volatile.Read(ref _printed).Task;
            var text = Stdout;
            var at = text.IndexOf(expected, StringComparison.Ordinal);
            if (at >= 0)
            {
                return text[at..];
            }

            try
            {
                // A line on standard output, or the end of the process (nothing more will come).
                await Task.WhenAny(printed, _process.WaitForExitAsync(deadline.Token)).Unwrap().WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
            }

            if (deadline.IsCancellationRequested || (_process.HasExited && !Stdout.Contains(expected, StringComparison.Ordinal)))
            {
                Assert.Fail($"The bot never printed \"{expected}\" (exited: {_process.HasExited}).\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
            }
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The bot did not exit within {timeout}.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }

    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH), so CI needs nothing on PATH.</summary>
    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
        {
            return host;
        }

        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (target)
        {
            target.AppendLine(line);
        }

        if (target == _stdout)
        {
            Interlocked.Exchange(ref _printed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
