using System.Diagnostics;
using System.Globalization;
using LinkedInBot.Benchmarks;

switch (args)
{
    case ["--bot", ..]:
        return await BotMode.RunAsync();
    case ["--minimal-bot", ..]:
        return await MinimalBot.RunAsync();
    case ["--empty-app", ..]:
        return await EmptyApp.RunAsync();
    case ["--seed", var users, var posts]:
        return await SeedMode.RunAsync(int.Parse(users, CultureInfo.InvariantCulture), int.Parse(posts, CultureInfo.InvariantCulture));
}

// The figures of issue 11 §5 (docs/performance.md says what each means). The bot runs in its own process (Telegram
// adapter in polling mode over Telegram.Bot, the job runtime, the posting core, the database, the LinkedIn client)
// against fake Telegram and LinkedIn servers in this process; every figure is printed next to a baseline measured in
// the same run. "--quick" leaves out the growth figures (seeding 100,000 users and 1,000,000 ledger rows takes minutes).
// The other modes are this program's child processes.
var quick = args.Contains("--quick");
const int BurstChats = 200;
const int MakespanChats = 100;
const int BurstRounds = 5;

// "--small-growth" seeds a twentieth, to try the growth part out; its figures do not answer the target.
var growthScale = args.Contains("--small-growth") ? 20 : 1;
var growthUsers = 100_000 / growthScale;
var growthPosts = 1_000_000 / growthScale;
var postgres = Environment.GetEnvironmentVariable("LINKEDINBOT_BENCH_POSTGRES");

// The bot paces each chat at about one message a second (Telegram's limit); rounds back to back would measure that
// pacing instead of the bot.
var roundPause = TimeSpan.FromSeconds(1.1);

var total = Stopwatch.StartNew();
await using var world = await BenchmarkWorld.StartAsync(BurstChats);
using var baseline = new BaselineRun(world);
var members = world.Members;
var rows = new List<(string Figure, string Bot, string Baseline, string Target, bool? Pass)>();
var notes = new List<string>();
var failures = 0;

Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()}{(quick ? "; --quick: no growth figures" : string.Empty)}.");

// "--video-memory" measures only issue 12's video line.
(double Idle, double Peak, TimeSpan Elapsed) videoMemory;
if (args.Contains("--video-memory"))
{
    videoMemory = await VideoMemory.MeasureAsync(world);
    Console.WriteLine($"  video: idle {videoMemory.Idle:F1} MiB, peak {videoMemory.Peak:F1} MiB while publishing a {VideoMemory.VideoBytes / 1_000_000} MB video ({videoMemory.Elapsed.TotalSeconds:F1} s)");
    Console.WriteLine();
    Console.WriteLine($"| Peak RSS publishing a {VideoMemory.VideoBytes / 1_000_000} MB video, over idle (MiB) | {videoMemory.Peak - videoMemory.Idle:F0} | {videoMemory.Idle:F0} (idle) | <= {VideoMemory.TargetMiB:F0} over idle | {(videoMemory.Peak - videoMemory.Idle <= VideoMemory.TargetMiB ? "pass" : "FAIL")} |");
    return videoMemory.Peak - videoMemory.Idle <= VideoMemory.TargetMiB ? 0 : 1;
}

for (var round = 1; round <= 3; round++)
{
    await baseline.PostAsync(members, $"baseline-warm-up-{round}");
}

// Memory floor: an ASP.NET Core app with nothing mapped, same GC settings, settled like the bot.
double emptyIdleRss;
await using (var emptyApp = await ChildProcess.StartAsync(world, ChildKind.EmptyApp))
{
    emptyIdleRss = await SettledRssAsync(emptyApp);
    Console.WriteLine($"  empty app: idle {emptyIdleRss:F1} MiB, peak {emptyApp.PeakRssMiB:F1} MiB");
}

// The bot on SQLite: warm-up, idle memory, the zero-latency bursts (latency, CPU, peak memory), then the makespan.
Session bot;
Makespan sqliteMakespan;
await using (var process = await ChildProcess.StartAsync(world, ChildKind.Bot, "bot"))
{
    Console.WriteLine($"  bot: ready {process.StartUp.TotalSeconds:F2} s after start");
    await WarmUpAsync("bot warm-up", process);
    bot = await MeasureAsync(process, "bot", BurstRounds);
    sqliteMakespan = await MakespanAsync(process, "makespan");
}

// Issue 12: a 20 MB video published by a bot process of its own, against that process's idle RSS.
videoMemory = await VideoMemory.MeasureAsync(world);
Console.WriteLine($"  video: idle {videoMemory.Idle:F1} MiB, peak {videoMemory.Peak:F1} MiB while publishing a {VideoMemory.VideoBytes / 1_000_000} MB video");

// The minimal bot: getUpdates, create, sendMessage over a plain HttpClient, in a process of its own.
Session minimal;
await using (var process = await ChildProcess.StartAsync(world, ChildKind.Minimal))
{
    await WarmUpAsync("minimal warm-up", process);
    minimal = await MeasureAsync(process, "minimal", BurstRounds);
}

// Growth: the same start-up, idle memory and latency on a database with a long history, against an empty one.
(Session Empty, Session Seeded, TimeSpan Seeding)? growth = null;
if (quick)
{
    notes.Add("Growth figures skipped (--quick).");
}
else
{
    var growthClock = Stopwatch.StartNew();
    growth = await GrowthAsync();
    notes.Add($"Growth: {growthUsers:N0} linked users and {growthPosts:N0} ledger rows seeded through the bot's stores in {growth.Value.Seeding.TotalSeconds:F0} s; " +
        $"the growth part took {growthClock.Elapsed.TotalSeconds:F0} s; start-up is the median of 3 starts." +
        (growthScale == 1 ? string.Empty : " --small-growth: a twentieth of the target's database, so these rows do not answer it."));
}

// PostgreSQL: the makespan, and two replicas against one. Each run gets a schema of its own (the fake Telegram's
// update ids start over in every run, and a stored update id is a job's dedupe key), dropped at the end. Last,
// because the replicas run in webhook mode, and a webhook set at the fake Telegram turns every getUpdates away.
Makespan? postgresMakespan = null;
(double One, double Two)? replicas = null;
if (string.IsNullOrWhiteSpace(postgres))
{
    notes.Add("PostgreSQL figures skipped: set LINKEDINBOT_BENCH_POSTGRES to a connection string to measure them.");
}
else
{
    try
    {
        await using var schema = await PostgresSchema.CreateAsync(postgres);
        var onPostgres = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSQL",
            ["Storage__ConnectionString"] = schema.ConnectionString,
        };
        await using (var process = await ChildProcess.StartAsync(world, ChildKind.Bot, "postgres", onPostgres))
        {
            await WarmUpAsync("postgres warm-up", process);
            postgresMakespan = await MakespanAsync(process, "postgres-makespan");
        }

        replicas = await ReplicasAsync(onPostgres);
    }
    catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or HttpRequestException or OperationCanceledException)
    {
        failures++;
        notes.Add($"PostgreSQL figures failed: {ex.Message} (the bot's output above says why; a build without the PostgreSQL provider ignores Storage:Provider).");
    }
}

// The table, in the order of issue 11 §5.
rows.Add(($"Makespan, {MakespanChats} chats at once, each create 1 s, SQLite (s)", F(sqliteMakespan.Bot.TotalSeconds, "F2"), F(sqliteMakespan.Baseline.TotalSeconds, "F2"), "<= 1.50", sqliteMakespan.Bot.TotalSeconds <= 1.5 && sqliteMakespan.AllPublished));
rows.Add(($"Makespan, {MakespanChats} chats at once, each create 1 s, PostgreSQL (s)", postgresMakespan is { } pm ? F(pm.Bot.TotalSeconds, "F2") : "skipped", postgresMakespan is { } pb ? F(pb.Baseline.TotalSeconds, "F2") : "-", "<= 1.50", postgresMakespan is { } p ? p.Bot.TotalSeconds <= 1.5 && p.AllPublished : null));
rows.Add(($"Added latency p50, {BurstChats}-chat burst (ms)", F(bot.P50, "F1"), F(minimal.P50, "F1"), "-", null));
rows.Add(($"Added latency p99, {BurstChats}-chat burst (ms)", F(bot.P99, "F1"), F(minimal.P99, "F1"), "-", null));
if (growth is { } grown)
{
    var (empty, seeded, _) = grown;
    rows.Add(("Growth: start-up to READY, seeded vs empty database (s)", F(seeded.StartUp.TotalSeconds, "F2"), F(empty.StartUp.TotalSeconds, "F2"), $"<= {F(empty.StartUp.TotalSeconds * 1.1, "F2")} (1.1x)", seeded.StartUp <= empty.StartUp * 1.1));
    rows.Add(("Growth: idle RSS, seeded vs empty database (MiB)", F(seeded.IdleRss, "F0"), F(empty.IdleRss, "F0"), $"<= {F(empty.IdleRss * 1.1, "F0")} (1.1x)", seeded.IdleRss <= empty.IdleRss * 1.1));
    rows.Add(("Growth: added latency p50, seeded vs empty database (ms)", F(seeded.P50, "F1"), F(empty.P50, "F1"), $"<= {F(empty.P50 * 1.1, "F1")} (1.1x)", seeded.P50 <= empty.P50 * 1.1));
}
rows.Add(("Idle RSS after warm-up, bot vs empty ASP.NET Core app (MiB)", F(bot.IdleRss, "F0"), F(emptyIdleRss, "F0"), $"<= {F(emptyIdleRss * 1.25, "F0")} (1.25x)", bot.IdleRss <= emptyIdleRss * 1.25));
rows.Add(($"Peak RSS in the burst, bot vs empty app idle (MiB)", F(bot.PeakRss, "F0"), F(emptyIdleRss, "F0"), $"<= {F(emptyIdleRss * 1.6, "F0")} (1.6x)", bot.PeakRss <= emptyIdleRss * 1.6));
rows.Add(($"Peak RSS publishing a {VideoMemory.VideoBytes / 1_000_000} MB video, over idle (MiB)", F(videoMemory.Peak - videoMemory.Idle, "F0"), F(videoMemory.Idle, "F0") + " idle", $"<= {VideoMemory.TargetMiB:F0} over idle", videoMemory.Peak - videoMemory.Idle <= VideoMemory.TargetMiB));
rows.Add(("CPU per post, bot process vs minimal bot (us)", F(bot.CpuPerPost, "F0"), F(minimal.CpuPerPost, "F0"), "-", null));
rows.Add(($"Posts/s in a {BurstChats}-chat burst, 2 replicas vs 1, PostgreSQL", replicas is { } r2 ? F(r2.Two, "F0") : "skipped", replicas is { } r1 ? F(r1.One, "F0") : "-", "- (cost of coordination)", null));

Console.WriteLine();
var width = rows.Max(r => r.Figure.Length);
Console.WriteLine($"| {"Figure".PadRight(width)} | {"Bot",8} | {"Baseline",8} | {"Target",24} | {"Result",6} |");
Console.WriteLine($"|{new string('-', width + 2)}|{new string('-', 10)}|{new string('-', 10)}|{new string('-', 26)}|{new string('-', 8)}|");
foreach (var (figure, botFigure, baselineFigure, target, pass) in rows)
{
    Console.WriteLine($"| {figure.PadRight(width)} | {botFigure,8} | {baselineFigure,8} | {target,24} | {(pass switch { true => "pass", false => "FAIL", null => "-" }),6} |");
}

Console.WriteLine();
Console.WriteLine("Baselines: makespan — a bare HttpClient making only the create and the sendMessage, in this process; latency and CPU — the minimal bot " +
    "(getUpdates → create → sendMessage, no bot code) in its own process; memory — an empty ASP.NET Core app, same GC settings; " +
    "replicas — one replica on the same PostgreSQL, both in webhook mode. On two cores the replica figure shows the cost of coordination, not a speed-up.");
Console.WriteLine($"Latency: reply at the fake Telegram − create answered by the fake LinkedIn, over {BurstRounds} bursts of {BurstChats} after warm-up; CPU per post: the process's CPU during those bursts / posts (Linux counts it in 10 ms ticks).");
foreach (var note in notes)
{
    Console.WriteLine(note);
}

Console.WriteLine($"Replies that were not \"Published\": {failures}. Whole run: {total.Elapsed.TotalSeconds:F0} s.");
return failures == 0 ? 0 : 1;

// Untimed rounds until every process given is warm: the JIT compiles the hot code again, optimized, on a background
// thread after a few hundred calls (tiering and PGO), which took 0.7-1 s of the bot's CPU after each of the first
// rounds on 2 cores. A round whose pause costs each process no more than 50 ms of CPU means that work is done; the
// steady state is what a bot that runs for weeks lives in. The warm-up's own figures are printed, not counted.
async Task WarmUpAsync(string label, params ChildProcess[] processes) =>
    await WarmUpWithAsync(label, round => ChildProcess.PostBurstAsync(world, members, round), processes);

async Task WarmUpWithAsync(string label, Func<string, Task<PostRound>> burst, params ChildProcess[] processes)
{
    const int MaxWarmUpRounds = 15;
    var quiet = 0;
    for (var round = 1; round <= MaxWarmUpRounds && quiet < 2; round++)
    {
        var result = await burst($"{label}-{round}");
        var before = processes.Select(p => p.CpuTime).ToList();
        await Task.Delay(roundPause);
        var background = processes.Select((p, i) => p.CpuTime - before[i]).Max();
        quiet = background <= TimeSpan.FromMilliseconds(50) ? quiet + 1 : 0;
        Console.WriteLine($"  {label} round {round}: {members.Count / result.Elapsed.TotalSeconds:F0} posts/s, then {background.TotalMilliseconds:F0} ms of CPU while idle");
    }
}

// Idle: once a second of doing nothing costs the process at most 20 ms of CPU (the JIT and the GC are done), or
// after 10 s, its RSS.
async Task<double> SettledRssAsync(ChildProcess process)
{
    for (var second = 0; second < 10; second++)
    {
        var before = process.CpuTime;
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (process.CpuTime - before <= TimeSpan.FromMilliseconds(20))
        {
            break;
        }
    }

    return process.RssMiB;
}

// Idle RSS, then the zero-latency bursts: added latency per post, CPU per post, and the peak RSS they caused.
async Task<Session> MeasureAsync(ChildProcess process, string label, int rounds)
{
    var idle = await SettledRssAsync(process);
    if (!process.ResetPeakRss())
    {
        notes.Add($"{label}: could not reset VmHWM; its peak RSS includes the warm-up.");
    }

    var added = new List<TimeSpan>();
    var cpu = TimeSpan.Zero;
    for (var round = 1; round <= rounds; round++)
    {
        var cpuBefore = process.CpuTime;
        var result = await process.PostAsync(members, $"{label}-{round}");
        cpu += process.CpuTime - cpuBefore;
        added.AddRange(result.Added);
        failures += members.Count - result.Published;
        Console.WriteLine($"  {label} round {round}: {members.Count / result.Elapsed.TotalSeconds:F0} posts/s, {result.Published}/{members.Count} published, added latency p50 {Percentile(result.Added, 0.5):F1} ms");
        await Task.Delay(roundPause);
    }

    if (added.Count < rounds * members.Count)
    {
        notes.Add($"{label}: {rounds * members.Count - added.Count} replies could not be matched to a create.");
    }

    var session = new Session(process.StartUp, idle, process.PeakRssMiB, Percentile(added, 0.5), Percentile(added, 0.99), cpu.TotalMicroseconds / (rounds * members.Count));
    Console.WriteLine($"  {label}: idle {session.IdleRss:F1} MiB, peak {session.PeakRss:F1} MiB, p50 {session.P50:F1} ms, p99 {session.P99:F1} ms, CPU {session.CpuPerPost:F0} us per post");
    return session;
}

// 100 chats at once while every create takes 1 s: the bare client first, then the bot, one round each.
async Task<Makespan> MakespanAsync(ChildProcess process, string label)
{
    var chats = members.Take(MakespanChats).ToList();
    world.LinkedIn.CreateLatency = TimeSpan.FromSeconds(1);
    try
    {
        var bare = await baseline.PostAsync(chats, label);
        var result = await process.PostAsync(chats, label);
        failures += chats.Count - result.Published;
        Console.WriteLine($"  {label}: baseline {bare.TotalSeconds:F2} s, bot {result.Elapsed.TotalSeconds:F2} s ({result.Published}/{chats.Count} published)");
        await Task.Delay(roundPause);
        return new Makespan(result.Elapsed, bare, result.Published == chats.Count);
    }
    finally
    {
        world.LinkedIn.CreateLatency = TimeSpan.Zero;
    }
}

// Webhook mode, as replicas behind a proxy run: the deliveries go to one replica, then alternate between two on the
// same schema and key ring. Posts/s: the median of 3 bursts each.
async Task<(double One, double Two)> ReplicasAsync(Dictionary<string, string> onPostgres)
{
    var secret = "bench-" + Guid.NewGuid().ToString("N");
    var asWebhook = new Dictionary<string, string>(onPostgres)
    {
        ["Telegram__Mode"] = "Webhook",
        ["Telegram__WebhookSecret"] = secret,
        ["Bot__PublicBaseUrl"] = "https://bench.invalid",
    };
    await using var first = await ChildProcess.StartAsync(world, ChildKind.Bot, "postgres", asWebhook, waitForPoll: false);
    Func<string, Task<PostRound>> toFirst = round => ChildProcess.WebhookBurstAsync(world, members, round, [first], secret);
    await WarmUpWithAsync("replica 1 warm-up", toFirst, first);
    var one = await RatesAsync("one replica", toFirst, first);
    await using var second = await ChildProcess.StartAsync(world, ChildKind.Bot, "postgres", asWebhook, waitForPoll: false);
    Func<string, Task<PostRound>> toBoth = round => ChildProcess.WebhookBurstAsync(world, members, round, [first, second], secret);
    await WarmUpWithAsync("replicas warm-up", toBoth, first, second);
    var two = await RatesAsync("two replicas", toBoth, first, second);
    return (one, two);

    // Each replica's CPU during a round says how the work was shared.
    async Task<double> RatesAsync(string label, Func<string, Task<PostRound>> burst, params ChildProcess[] processes)
    {
        var rates = new List<double>();
        for (var round = 1; round <= 3; round++)
        {
            var before = processes.Select(p => p.CpuTime).ToList();
            var result = await burst($"{label}-{round}");
            var cpu = processes.Select((p, i) => $"{(p.CpuTime - before[i]).TotalMilliseconds:F0} ms");
            failures += members.Count - result.Published;
            rates.Add(members.Count / result.Elapsed.TotalSeconds);
            Console.WriteLine($"  {label} round {round}: {rates[^1]:F0} posts/s, {result.Published}/{members.Count} published; CPU per replica: {string.Join(", ", cpu)}");
            await Task.Delay(roundPause);
        }

        return rates.Order().ElementAt(1);
    }
}

// Seeds a database in a separate process, then measures start-up (median of 3), idle RSS and the burst's p50 on an
// empty database and on the seeded one, the same way.
async Task<(Session Empty, Session Seeded, TimeSpan Seeding)> GrowthAsync()
{
    var clock = Stopwatch.StartNew();
    await ChildProcess.RunSeedAsync(world, "growth", growthUsers, growthPosts);
    var seeding = clock.Elapsed;

    // The empty database is created and migrated once before it is measured, as the seeded one was.
    await using (await ChildProcess.StartAsync(world, ChildKind.Bot, "growth-empty"))
    {
    }

    var empty = await GrowthSessionAsync("growth-empty");
    var seeded = await GrowthSessionAsync("growth");
    return (empty, seeded, seeding);

    async Task<Session> GrowthSessionAsync(string database)
    {
        var starts = new List<TimeSpan>();
        for (var start = 0; start < 3; start++)
        {
            await using var process = await ChildProcess.StartAsync(world, ChildKind.Bot, database);
            starts.Add(process.StartUp);
        }

        Console.WriteLine($"  {database}: start-up {string.Join(", ", starts.Select(s => F(s.TotalSeconds, "F2")))} s");
        await using var measured = await ChildProcess.StartAsync(world, ChildKind.Bot, database);
        await WarmUpAsync($"{database} warm-up", measured);
        var session = await MeasureAsync(measured, database, 3);
        return session with { StartUp = starts.Order().ElementAt(1) };
    }
}

static double Percentile(IReadOnlyList<TimeSpan> values, double fraction)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(fraction * sorted.Count) - 1)].TotalMilliseconds;
}

static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

/// <summary>One process measured: start-up to READY, idle and peak RSS (MiB), added latency (ms), CPU per post (us).</summary>
internal sealed record Session(TimeSpan StartUp, double IdleRss, double PeakRss, double P50, double P99, double CpuPerPost);

/// <summary>The makespan of the bot and of the bare client in one run, and whether every bot reply said "Published".</summary>
internal sealed record Makespan(TimeSpan Bot, TimeSpan Baseline, bool AllPublished);
