using LinkedInBot.Tests.ConsoleChat;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// The built program (<c>dotnet LinkedInBot.dll</c>, as the Docker image runs it) with a bad setting: it must exit
/// non-zero with one "Configuration error: …" line per problem on stderr and no stack trace.
/// </summary>
public sealed class ProgramExitTests : IDisposable
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder = new();

    [Fact]
    public async Task Program_WithARelativePublicBaseUrl_ExitsWithOneConfigurationErrorLine()
    {
        var run = await RunAsync(new() { ["Bot__PublicBaseUrl"] = "bot.example.com" });

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.StandardErrorLines);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains("Bot:PublicBaseUrl", line, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Program_WithBadSettingsInSeveralSections_PrintsOneLineEach()
    {
        var run = await RunAsync(new()
        {
            ["Bot__PublicBaseUrl"] = "bot.example.com",
            ["LinkedIn__ClientId"] = "86abcdef123456",
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(2, run.StandardErrorLines.Count);
        Assert.All(run.StandardErrorLines, line => Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal));
        Assert.Contains(run.StandardErrorLines, line => line.Contains("Bot:PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(run.StandardErrorLines, line => line.Contains("LinkedIn:ClientSecret", StringComparison.Ordinal));
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Program_WithAnUnknownTelegramMode_NamesTheKey()
    {
        var run = await RunAsync(new()
        {
            ["Telegram__BotToken"] = "123456789:AAEfakefakefakefakefakefakefakefake",
            ["Telegram__Mode"] = "Webhok",

            // Never the real Bot API, should the bot get as far as starting.
            ["Telegram__ApiBaseUrl"] = "http://127.0.0.1:9",
        });

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.StandardErrorLines);
        Assert.StartsWith("Configuration error: ", line, StringComparison.Ordinal);
        Assert.Contains("Telegram:Mode", line, StringComparison.Ordinal);
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Program_InSandboxModeWithBadSettingsInSeveralSections_PrintsOneLineEach()
    {
        var run = await RunAsync(new()
        {
            ["Bot__PublicBaseUrl"] = "bot.example.com",
            ["Discord__ApplicationId"] = "1000000000000000001",
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal(2, run.StandardErrorLines.Count);
        Assert.Contains(run.StandardErrorLines, line => line.Contains("Bot:PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(run.StandardErrorLines, line => line.Contains("Discord:PublicKey", StringComparison.Ordinal));
        AssertNoStackTrace(run);
    }

    [Fact]
    public async Task Program_WithADatabaseWrittenByANewerVersion_RefusesWithOneStartUpErrorLine()
    {
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.DatabaseFile}"))
        {
            await connection.OpenAsync();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
                INSERT INTO schema_version VALUES (999, '0999_from_the_future', '2030-01-01T00:00:00.0000000Z');
                """;
            await command.ExecuteNonQueryAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var run = await RunAsync(new() { ["LinkedIn__ClientId"] = "id", ["LinkedIn__ClientSecret"] = "secret" });

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.StandardErrorLines);
        Assert.StartsWith("Start-up error: ", line, StringComparison.Ordinal);
        Assert.Contains("newer", line, StringComparison.Ordinal);
        Assert.Contains("restore a backup", line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertNoStackTrace(ProgramRun run)
    {
        var all = run.StandardOutput + run.StandardError;
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", all, StringComparison.Ordinal);
    }

    private async Task<ProgramRun> RunAsync(Dictionary<string, string> environment)
    {
        // Only this test's settings: nothing of the developer's or CI's environment may change the outcome
        // (BotProcess clears it).
        var settings = new Dictionary<string, string>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Storage__ConnectionString"] = $"Data Source={_folder.DatabaseFile}",
            ["Storage__KeysDirectory"] = _folder.KeysDirectory,
            ["Console__Enabled"] = "false",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        using var process = BotProcess.Start(_folder.Path, settings);
        process.EndInput();

        // It should stop at configuration validation.
        var exitCode = await process.WaitForExitAsync(ExitTimeout);
        return new ProgramRun(exitCode, process.Stdout, process.Stderr);
    }

    private sealed record ProgramRun(int ExitCode, string StandardOutput, string StandardError)
    {
        public IReadOnlyList<string> StandardErrorLines { get; } =
            StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
