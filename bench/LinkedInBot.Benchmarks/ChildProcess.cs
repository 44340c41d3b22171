using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using LinkedInBot.Tests.Fakes;

namespace LinkedInBot.Benchmarks;

/// <summary>What <see cref="ChildProcess"/> runs: this program in one of its modes.</summary>
internal enum ChildKind
{
    /// <summary><c>--bot</c>: the bot as deployed (<see cref="BotMode"/>).</summary>
    Bot,

    /// <summary><c>--minimal-bot</c>: no bot code at all (<see cref="MinimalBot"/>).</summary>
    Minimal,

    /// <summary><c>--empty-app</c>: a WebApplication with nothing mapped (<see cref="EmptyApp"/>).</summary>
    EmptyApp,

    /// <summary><c>--seed</c>: fills a database through the bot's stores and exits (<see cref="SeedMode"/>).</summary>
    Seed,
}

/// <summary>
/// This program in another mode, in a process of its own, so its memory and CPU are its own and not the fakes'. It is
/// configured by environment variables like any deployment, with the host's GC settings. A round queues one
/// <c>/post</c> per chat at the fake Telegram and ends when the last reply has reached it.
/// </summary>
internal sealed partial class ChildProcess : IAsyncDisposable
{
    public const string Ready = "READY";
    public const string Linked = "LINKED";

    private readonly BenchmarkWorld _world;
    private readonly Process _process;

    private ChildProcess(BenchmarkWorld world, Process process, TimeSpan startUp)
    {
        _world = world;
        _process = process;
        StartUp = startUp;
    }

    /// <summary>From <c>Process.Start</c> to the child's <see cref="Ready"/> line (for the bot: the host has started).</summary>
    public TimeSpan StartUp { get; }

    /// <summary>Where the bot listens (it prints it after <see cref="Ready"/>); null for the other kinds.</summary>
    public Uri? BaseUrl { get; private init; }

    public static async Task<ChildProcess> StartAsync(
        BenchmarkWorld world,
        ChildKind kind,
        string databaseName = "bot",
        IReadOnlyDictionary<string, string>? overrides = null,
        bool waitForPoll = true)
    {
        var start = StartInfo(world, kind, databaseName, overrides);
        var before = world.Telegram.CountCalls("getUpdates");
        var clock = Stopwatch.StartNew();
        var process = Process.Start(start)!;
        if (await ReadUntilAsync(process, Ready) is not { } ready)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The {kind} process ended before it was ready.");
        }

        var startUp = clock.Elapsed;
        var baseUrl = ready.Length > Ready.Length ? new Uri(ready[(Ready.Length + 1)..]) : null;
        if (kind == ChildKind.Bot && await ReadUntilAsync(process, Linked) is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("The bot process ended before it had linked the members.");
        }

        if (waitForPoll && kind != ChildKind.EmptyApp)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await world.Telegram.WaitForCallCountAsync("getUpdates", before + 1, timeout.Token);
        }

        return new ChildProcess(world, process, startUp) { BaseUrl = baseUrl };
    }

    /// <summary>Runs <c>--seed</c> to the end, passing its output through.</summary>
    public static async Task RunSeedAsync(BenchmarkWorld world, string databaseName, int users, int posts)
    {
        var start = StartInfo(world, ChildKind.Seed, databaseName, null);
        start.ArgumentList.Add(users.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add(posts.ToString(CultureInfo.InvariantCulture));
        using var process = Process.Start(start)!;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            Console.WriteLine("  seed: " + line);
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Seeding failed (exit code {process.ExitCode}).");
        }
    }

    /// <summary>CPU time (user + system) the process has used so far; Linux counts it in 10 ms ticks.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Resident memory now (VmRSS), MiB.</summary>
    public double RssMiB => ReadStatusMiB("VmRSS:");

    /// <summary>The highest resident memory so far (VmHWM), or since <see cref="ResetPeakRss"/>, MiB.</summary>
    public double PeakRssMiB => ReadStatusMiB("VmHWM:");

    /// <summary>Starts VmHWM again from the current RSS (writes 5 to /proc/pid/clear_refs); false where that is not allowed.</summary>
    public bool ResetPeakRss()
    {
        try
        {
            File.WriteAllText($"/proc/{_process.Id}/clear_refs", "5");
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Every member sends <c>/post</c> at once; returns when all replies are at the fake Telegram.</summary>
    public Task<PostRound> PostAsync(IReadOnlyList<BenchmarkMember> members, string round) => PostBurstAsync(_world, members, round);

    /// <summary>
    /// One burst at the fake Telegram, whoever polls it (one bot, or the replica that holds the poller lease). Each
    /// reply is matched to its post by the URN in its text, and timed against the moment LinkedIn answered that post's
    /// create.
    /// </summary>
    public static Task<PostRound> PostBurstAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMember> members, string round)
    {
        var burst = world.Telegram.TextUpdates(members.Select(m => (m.Chat, m.User, PostText(m, round))));
        return TimeBurstAsync(world, members.Count, () =>
        {
            world.Telegram.EnqueueAll(burst);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// One burst delivered as Telegram delivers to a webhook behind a proxy: each update POSTed to
    /// <c>/telegram/webhook</c> of the next replica in turn, at most 40 at a time (Telegram's default
    /// <c>max_connections</c>).
    /// </summary>
    public static Task<PostRound> WebhookBurstAsync(BenchmarkWorld world, IReadOnlyList<BenchmarkMember> members, string round, IReadOnlyList<ChildProcess> replicas, string secret)
    {
        var updates = members.Select(m => world.Telegram.WebhookUpdate(m.Chat, m.User, PostText(m, round))).ToList();
        return TimeBurstAsync(world, members.Count, async () =>
        {
            using var connections = new SemaphoreSlim(40);
            await Task.WhenAll(updates.Select(async (update, i) =>
            {
                await connections.WaitAsync();
                try
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(replicas[i % replicas.Count].BaseUrl!, "/telegram/webhook"))
                    {
                        Content = new StringContent(update.Update.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                    using var response = await Webhook.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                }
                finally
                {
                    connections.Release();
                }
            }));
        });
    }

    private static readonly HttpClient Webhook = new();

    private static string PostText(BenchmarkMember member, string round) => $"/post Bot {round} from {member.Sub} #benchmark";

    private static async Task<PostRound> TimeBurstAsync(BenchmarkWorld world, int posts, Func<Task> deliver)
    {
        var telegram = world.Telegram;
        var before = telegram.CountCalls("sendMessage");
        var clock = Stopwatch.StartNew();
        await deliver();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await telegram.WaitForCallCountAsync("sendMessage", before + posts, timeout.Token);
        var elapsed = clock.Elapsed;

        var replies = telegram.CallsTo("sendMessage").Skip(before).ToList();
        var published = replies.Count(r => r.VisibleText?.StartsWith("Published on LinkedIn", StringComparison.Ordinal) == true);
        var added = new List<TimeSpan>();
        foreach (var reply in replies)
        {
            if (UrnPattern().Match(reply.Body.GetRawText()) is { Success: true } urn && world.CreateAnsweredAt.TryGetValue(urn.Value, out var answered))
            {
                added.Add(reply.At - answered);
            }
        }

        return new PostRound(elapsed, published, added);
    }

    public async ValueTask DisposeAsync()
    {
        // The bot stops when its standard input closes (stop claiming, finish, release its leases).
        _process.StandardInput.Close();
        var rest = PassThroughAsync(_process);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("  child: did not stop within 60 s; killed");
            _process.Kill(entireProcessTree: true);
        }

        await rest;
        _process.Dispose();
    }

    private static async Task PassThroughAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            await Console.Error.WriteLineAsync("  child: " + line);
        }
    }

    private static ProcessStartInfo StartInfo(BenchmarkWorld world, ChildKind kind, string databaseName, IReadOnlyDictionary<string, string>? overrides)
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

        start.ArgumentList.Add(kind switch
        {
            ChildKind.Bot => "--bot",
            ChildKind.Minimal => "--minimal-bot",
            ChildKind.EmptyApp => "--empty-app",
            _ => "--seed",
        });
        foreach (var (key, value) in world.BotEnvironment(databaseName))
        {
            start.Environment[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        // The GC settings the host ships with (LinkedInBot.runtimeconfig.json is copied next to this program), for
        // every child alike, so the figures are the deployed bot's and the empty app is measured on equal terms.
        foreach (var (key, value) in HostGcSettings())
        {
            start.Environment[key] = value;
        }

        return start;
    }

    private double ReadStatusMiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmRSS:	   98304 kB"
                var kib = long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kib / 1024.0;
            }
        }

        return double.NaN;
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

    /// <summary>Passes the child's own output (its warnings) through until a line starting with <paramref name="prefix"/>.</summary>
    private static async Task<string?> ReadUntilAsync(Process process, string prefix)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }

            await Console.Error.WriteLineAsync("  child: " + line);
        }

        return null;
    }

    [GeneratedRegex(@"urn:li:share:\d+")]
    private static partial Regex UrnPattern();
}

/// <summary>
/// One burst: from queueing the updates to the last reply; how many replies said "Published"; and per matched post
/// the added latency (reply at the fake Telegram − create answered by the fake LinkedIn).
/// </summary>
internal sealed record PostRound(TimeSpan Elapsed, int Published, IReadOnlyList<TimeSpan> Added);
