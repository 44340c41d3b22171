using System.Diagnostics;
using Dapper;
using Npgsql;

namespace LinkedInBot.Tests.Support;

/// <summary>
/// The PostgreSQL server the tests use: <c>LINKEDINBOT_TEST_POSTGRES</c> (a connection string) when set; otherwise a
/// throwaway cluster started from <c>initdb</c>/<c>pg_ctl</c> in a temp folder on a free port, stopped and removed
/// when the test process exits. Without either, PostgreSQL tests are skipped with <see cref="SkipReason"/> — unless
/// <c>LINKEDINBOT_REQUIRE_POSTGRES=1</c> (CI), which makes them fail instead.
/// Every test gets a schema of its own (<see cref="CreateSchemaAsync"/>), so tests never see each other's rows.
/// </summary>
internal static class PostgresServer
{
    public const string ConnectionVariable = "LINKEDINBOT_TEST_POSTGRES";
    public const string RequireVariable = "LINKEDINBOT_REQUIRE_POSTGRES";

    private const string TestDatabase = "linkedinbot_tests";

    private static readonly Lazy<Task<string>> Server = new(StartAsync);

    /// <summary>Null when PostgreSQL tests can run; otherwise the note shown for each skipped test.</summary>
    public static string? SkipReason { get; } =
        Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } || FindBinaries() is not null || IsRequired
            ? null
            : $"No PostgreSQL for the tests: set {ConnectionVariable} to a connection string, or install PostgreSQL (initdb, pg_ctl) so the tests start a throwaway server.";

    private static bool IsRequired => Environment.GetEnvironmentVariable(RequireVariable) is "1" or "true";

    /// <summary>A fresh, empty schema; the returned connection string searches it first.</summary>
    public static async Task<(string ConnectionString, string Schema)> CreateSchemaAsync()
    {
        var database = await Server.Value;
        var schema = "t_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.ExecuteAsync($"CREATE SCHEMA {schema}");
        }

        // Pooled like production (a connection per operation would make PostgreSQL look slow), but each test's pool is
        // small: the bot's data source is disposed with the test, and test classes run side by side.
        var builder = new NpgsqlConnectionStringBuilder(database) { SearchPath = schema, MaxPoolSize = 20 };
        return (builder.ConnectionString, schema);
    }

    public static async Task DropSchemaAsync(string schema)
    {
        await using var connection = new NpgsqlConnection(await Server.Value);
        await connection.ExecuteAsync($"DROP SCHEMA IF EXISTS {schema} CASCADE");
    }

    private static async Task<string> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var binaries = FindBinaries()
            ?? throw new InvalidOperationException($"{RequireVariable} is set but there is no PostgreSQL: set {ConnectionVariable} or install the postgresql package.");
        var cluster = ThrowawayCluster.Start(binaries);

        await using (var connection = new NpgsqlConnection(cluster.AdminConnectionString))
        {
            await connection.ExecuteAsync($"CREATE DATABASE {TestDatabase}");
        }

        return new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Database = TestDatabase }.ConnectionString;
    }

    /// <summary>The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/N/bin.</summary>
    private static string? FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(version => Path.Combine(version, "bin"))
                : []);
        return candidates.FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    /// <summary>
    /// A cluster of the test run's own. PostgreSQL refuses to run as root, so as root it runs as the
    /// <c>postgres</c> user (the Debian package creates it) through <c>runuser</c>.
    /// </summary>
    private sealed class ThrowawayCluster
    {
        private readonly string binaries;
        private readonly string folder;
        private readonly string? runAs;

        private ThrowawayCluster(string binaries, string folder, string? runAs, int port)
        {
            this.binaries = binaries;
            this.folder = folder;
            this.runAs = runAs;
            AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        }

        public string AdminConnectionString { get; }

        private string DataFolder => Path.Combine(folder, "data");

        public static ThrowawayCluster Start(string binaries)
        {
            var folder = Path.Combine(Path.GetTempPath(), "linkedinbot-postgres-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var runAs = Environment.IsPrivilegedProcess ? "postgres" : null;
            if (runAs is not null)
            {
                Run("chown", [runAs, folder]);
            }

            var cluster = new ThrowawayCluster(binaries, folder, runAs, FreePort.Next());
            var port = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString).Port;

            // A test server: no fsync (a crash loses only test data), trust on loopback, a socket in its own folder.
            cluster.RunTool("initdb", ["-D", cluster.DataFolder, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"]);
            cluster.RunTool("pg_ctl", [
                "-D", cluster.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                "start"]);
            cluster.StopWhenThisProcessEnds();
            return cluster;
        }

        /// <summary>
        /// Stops the server and removes its folder once this test process has gone. A watcher process does it:
        /// <c>dotnet test</c> may kill its test host at the end of a run without running exit handlers.
        /// </summary>
        private void StopWhenThisProcessEnds()
        {
            var stop = runAs is null
                ? $"'{Path.Combine(binaries, "pg_ctl")}' -D '{DataFolder}' -m immediate -w stop"
                : $"runuser -u {runAs} -- '{Path.Combine(binaries, "pg_ctl")}' -D '{DataFolder}' -m immediate -w stop";
            var script = $"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {stop} >/dev/null 2>&1; rm -rf '{folder}'";
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "sh", "-c", script })
            {
                start.ArgumentList.Add(argument);
            }

            using var watcher = Process.Start(start) ?? throw new InvalidOperationException("The PostgreSQL watcher could not be started.");
        }

        private void RunTool(string tool, IReadOnlyList<string> arguments)
        {
            var path = Path.Combine(binaries, tool);
            if (runAs is null)
            {
                Run(path, arguments);
            }
            else
            {
                Run("runuser", ["-u", runAs, "--", path, .. arguments]);
            }
        }

        private static void Run(string file, IReadOnlyList<string> arguments)
        {
            var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} could not be started.");

            // Both streams are read as they come, so a chatty tool never blocks on a full pipe.
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 90 s.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output.Result}");
            }
        }
    }
}
