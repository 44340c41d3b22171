using System.Net;
using System.Net.Sockets;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.ConsoleChat;
using LinkedInBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// Issue 16 §4: every start-up failure is one line on stderr naming the setting or the file and the fix, with a
/// non-zero exit code — never a stack trace and exit 134. The built program runs as the Docker image runs it; the cases
/// that need SQLite to fail as on a full disk or a read-only file run the same host in-process (root, who runs CI,
/// cannot make a file unwritable, and there is no tiny disk to fill), through the per-connection pragma seam.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder = new();

    public static TheoryData<string, string, string, int> BadSettings => new()
    {
        // name, key, value, then what the one line must name, and the exit code
        { "Urls", "notaurl", "Urls", 2 },
        { "Storage__ConnectionString", "garbage", "Storage:ConnectionString", 2 },
        { "Telegram__MaxConcurrentChats", "abc", "Telegram:MaxConcurrentChats", 2 },
        { "Telegram__ShutdownGracePeriod", "abc", "Telegram:ShutdownGracePeriod", 2 },
        { "Telegram__Mode", "Bogus", "Telegram:Mode", 2 },
        { "LinkedIn__ApiVersion", "abc", "LinkedIn:ApiVersion", 2 },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Program_WithABadSetting_PrintsOneLineNamingItAndExitsNonZero(string name, string value, string named, int exitCode)
    {
        var run = await RunAsync(new() { [name] = value });

        AssertOneLine(run, named, exitCode);
        Assert.DoesNotContain("DataAnnotation", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WithTheDatabaseUnderAFile_NamesTheFolderAndTheSetting()
    {
        var file = Path.Combine(_folder.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var run = await RunAsync(new() { ["Storage__ConnectionString"] = $"Data Source={file}/bot.db" });

        var line = AssertOneLine(run, "Storage:ConnectionString", 3);
        Assert.Contains(file, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WhenThePortIsInUse_SaysWhichSettingToChange()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = await RunAsync(new() { ["Urls"] = $"http://127.0.0.1:{port}" });

        var line = AssertOneLine(run, "Urls", 3);
        Assert.Contains($"127.0.0.1:{port} is already in use", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WithACorruptKeyFile_SaysTheKeyRingIsBrokenAndHowToStartOver()
    {
        Directory.CreateDirectory(_folder.KeysDirectory);
        await File.WriteAllTextAsync(Path.Combine(_folder.KeysDirectory, "key-0f0e0d0c-0000-0000-0000-000000000000.xml"), "garbage");

        var run = await RunAsync(new());

        var line = AssertOneLine(run, "Storage:KeysDirectory", 3);
        Assert.Contains("key ring", line, StringComparison.Ordinal);
        Assert.Contains("forget-unreadable-links", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Program_WithAKeysFolderThatCannotBeWritten_SaysSoInsteadOfFailingTheFirstSignIn()
    {
        // As root, permissions cannot make a folder unwritable; a file where the folder should be can't be written by anyone.
        var file = Path.Combine(_folder.Path, "a-file");
        await File.WriteAllTextAsync(file, "not a folder");

        var run = await RunAsync(new() { ["Storage__KeysDirectory"] = Path.Combine(file, "keys") });

        var line = AssertOneLine(run, "Storage:KeysDirectory", 3);
        Assert.Contains("key ring", line, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> UnwritableDatabases => new()
    {
        // What SQLite does on a full disk: it cannot grow the file past max_page_count (set to the current size).
        { "PRAGMA max_page_count = 1", "full", "is full" },

        // What SQLite does with a read-only file: every write fails with SQLITE_READONLY.
        { "PRAGMA query_only = ON", "read-only", "is read-only" },
    };

    [Theory]
    [MemberData(nameof(UnwritableDatabases))]
    public async Task Start_WithADatabaseThatCannotBeWritten_FailsWithOneLineNamingTheFile(string pragma, string state, string says)
    {
        // A database that is already current: no migration writes, only the start-up probe can notice.
        await using (var first = await RunningBot.StartAsync(RunningBot.BaseSettings(_folder)))
        {
        }

        SqliteConnection.ClearAllPools();
        var app = RunningBot.Build(RunningBot.BaseSettings(_folder));
        var database = app.Services.GetRequiredService<SqliteDatabase>();
        database.PragmasForTests = pragma;

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var line = StartupFailures.Line(failure, database.DisplayName);
        await app.DisposeAsync();

        Assert.StartsWith("Start-up error: ", line, StringComparison.Ordinal);
        Assert.Contains(database.FilePath!, line, StringComparison.Ordinal);
        Assert.Contains(says, line, StringComparison.Ordinal);
        Assert.Contains("Storage:ConnectionString", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.Equal(state, (await database.ProbeWriteAsync(CancellationToken.None)).State);
    }

    [Fact]
    public async Task Start_WhileAnotherProcessHoldsTheLock_FailsAfterTheBusyTimeoutWithOneLine()
    {
        await using (var first = await RunningBot.StartAsync(RunningBot.BaseSettings(_folder)))
        {
        }

        SqliteConnection.ClearAllPools();
        await using var other = new SqliteConnection($"Data Source={_folder.DatabaseFile};Pooling=False");
        await other.OpenAsync();
        await using var held = other.BeginTransaction(deferred: false);

        var settings = RunningBot.BaseSettings(_folder);
        settings["Storage:ConnectionString"] = $"Data Source={_folder.DatabaseFile};Default Timeout=1";
        var app = RunningBot.Build(settings);
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        var line = StartupFailures.Line(failure, _folder.DatabaseFile);
        await app.DisposeAsync();

        Assert.Contains("locked by another process", line, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private static string AssertOneLine(ProgramRun run, string named, int exitCode)
    {
        Assert.True(exitCode == run.ExitCode, $"Exit code {run.ExitCode}, expected {exitCode}.\n--- stdout ---\n{run.Stdout}\n--- stderr ---\n{run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = Assert.Single(lines);
        Assert.Matches("^(Configuration|Start-up) error: ", line);
        Assert.Contains(named, line, StringComparison.Ordinal);
        var all = run.Stdout + run.Stderr;
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        return line;
    }

    private async Task<ProgramRun> RunAsync(Dictionary<string, string> environment)
    {
        var settings = new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage__ConnectionString"] = $"Data Source={_folder.DatabaseFile}",
            ["Storage__KeysDirectory"] = _folder.KeysDirectory,
            ["Console__Enabled"] = "false",

            // Never the real Bot API, should the bot get as far as starting.
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        using var process = BotProcess.Start(_folder.Path, settings);
        process.EndInput();
        var exitCode = await process.WaitForExitAsync(ExitTimeout);
        return new ProgramRun(exitCode, process.Stdout, process.Stderr);
    }

    private sealed record ProgramRun(int ExitCode, string Stdout, string Stderr);
}
