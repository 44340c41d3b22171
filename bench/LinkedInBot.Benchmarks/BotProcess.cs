using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace LinkedInBot.Benchmarks;

/// <summary>What <see cref="BotProcess"/> runs.</summary>
internal enum BotKind
{
    /// <summary>The bot as deployed.</summary>
    Real,

    /// <summary>The bot with its posting core replaced by <see cref="StubChatBot"/>.</summary>
    StubCore,

    /// <summary><see cref="MinimalBot"/>: no bot code at all.</summary>
    Minimal,
}

/// <summary>
/// The bot in its own process (this program with <c>--bot</c>, see <see cref="BotMode"/>), so its memory is its
/// own and not the fakes'. A round queues one <c>/post</c> per chat at the fake Telegram and ends when the last
/// reply has reached it.
/// </summary>
internal sealed class BotProcess : IAsyncDisposable
{
    private readonly BenchmarkWorld _world;
    private readonly Process _process;

    private BotProcess(BenchmarkWorld world, Process process)
    {
        _world = world;
        _process = process;
    }

    /// <summary>The bot's peak RSS (VmHWM), known after <see cref="DisposeAsync"/>.</summary>
    public double PeakRssMiB { get; private set; }

    public static async Task<BotProcess> StartAsync(BenchmarkWorld world, string name, BotKind kind = BotKind.Real)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under "dotnet run" this is the apphost; under "dotnet X.dll" it is dotnet and needs the dll.
        start.FileName = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetExecutingAssembly().Location);
        }

        start.ArgumentList.Add(kind == BotKind.Minimal ? "--minimal-bot" : "--bot");
        foreach (var (key, value) in world.BotEnvironment(name))
        {
            start.Environment[key] = value;
        }

        // The GC settings the host ships with (LinkedInBot.runtimeconfig.json is copied next to this program), so the
        // figures are the deployed bot's, not this console's.
        foreach (var (key, value) in HostGcSettings())
        {
            start.Environment[key] = value;
        }

        if (kind == BotKind.StubCore)
        {
            start.Environment["BENCH_STUB_CORE"] = "1";
        }

        var before = world.Telegram.CountCalls("getUpdates");
        var process = Process.Start(start)!;
        if (await ReadUntilAsync(process, BotMode.Ready) is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The bot process ended before it was ready.");
        }

        await world.Telegram.WaitForCallCountAsync("getUpdates", before + 1);
        return new BotProcess(world, process);
    }

    /// <summary>CPU time (user + system) the bot process has used so far; Linux counts it in 10 ms ticks.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Every member sends <c>/post</c> at once; returns when all replies are at the fake Telegram.</summary>
    public async Task<(TimeSpan Elapsed, int Published)> PostAsync(IReadOnlyList<BenchmarkMember> members, string round)
    {
        var telegram = _world.Telegram;
        var before = telegram.CountCalls("sendMessage");
        var burst = telegram.TextUpdates(members.Select(m => (m.Chat, m.User, $"/post Bot {round} from {m.Sub} #benchmark")));
        var clock = Stopwatch.StartNew();
        telegram.EnqueueAll(burst);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await telegram.WaitForCallCountAsync("sendMessage", before + members.Count, timeout.Token);
        var elapsed = clock.Elapsed;

        var replies = telegram.CallsTo("sendMessage").Skip(before).ToList();
        var published = replies.Count(r => r.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true);
        return (elapsed, published);
    }

    private static IEnumerable<(string Key, string Value)> HostGcSettings()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "LinkedInBot.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));
        if (!config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties))
        {
            yield break;
        }

        foreach (var (setting, variable) in new[] { ("System.GC.Server", "DOTNET_gcServer"), ("System.GC.Concurrent", "DOTNET_gcConcurrent") })
        {
            if (properties.TryGetProperty(setting, out var value))
            {
                yield return (variable, value.GetBoolean() ? "1" : "0");
            }
        }
    }

    /// <summary>Passes the bot's own output (its warnings) through until a line starting with <paramref name="prefix"/>.</summary>
    private static async Task<string?> ReadUntilAsync(Process process, string prefix)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }

            await Console.Error.WriteLineAsync("  bot: " + line);
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        _process.StandardInput.Close();
        if (await ReadUntilAsync(_process, BotMode.PeakRssPrefix) is { } line)
        {
            PeakRssMiB = double.Parse(line[BotMode.PeakRssPrefix.Length..], CultureInfo.InvariantCulture);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
