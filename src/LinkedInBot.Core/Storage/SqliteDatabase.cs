using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The bot's SQLite database (<c>Storage:ConnectionString</c>): opens connections configured the same way every time.
/// Connections are cheap (Microsoft.Data.Sqlite pools them), so each store operation opens its own.
/// </summary>
public sealed class SqliteDatabase : IStorageDatabase
{
    private readonly string connectionString;
    private readonly ILogger<SqliteDatabase> logger;
    private static readonly object Configured = new();

    /// <summary>The busy timeout when the connection string does not set <c>Default Timeout</c>.</summary>
    public static readonly TimeSpan DefaultBusyTimeout = TimeSpan.FromSeconds(5);

    // Native connections (kept alive by the pool) that already have the settings of OpenAsync.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = new();

    private readonly SqliteGroupCommit groupCommit;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        this.logger = logger;
        (connectionString, FilePath) = Resolve(options.Value.ConnectionString);
        BusyTimeout = TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout);
        if (FilePath is not null)
        {
            DataFileModes.Secure(FilePath, logger);
        }

        groupCommit = new SqliteGroupCommit(this);
    }

    /// <summary>The absolute path of the database file; null for in-memory or temporary databases.</summary>
    public string? FilePath { get; }

    /// <summary>A human-readable name for messages and logs (never the connection string, which could hold a password).</summary>
    public string DisplayName => FilePath ?? "(in-memory database)";

    public StorageProvider Provider => StorageProvider.Sqlite;

    /// <summary>
    /// How long a statement waits for a lock another process holds: the connection string's <c>Default Timeout</c>
    /// (seconds), 5 s unless set. SQLite's busy_timeout and Microsoft.Data.Sqlite's own retries both use it, so a
    /// locked database fails after this long (not after the provider's 30 s command timeout).
    /// </summary>
    public TimeSpan BusyTimeout { get; }

    async Task<DbConnection> IStorageDatabase.OpenConnectionAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // Per-connection settings. The busy timeout covers another process on the same file (writers in this
            // process queue in the group commit instead). synchronous=NORMAL is SQLite's recommended setting in WAL
            // mode: a commit survives a crash of the bot; only a power loss or OS crash can undo the last ones.
            // A pooled native connection keeps them, so they run once per native connection, not on every open
            // (a statement per open was measurable with many chats posting at once).
            if (connection.Handle is { } handle && !configured.TryGetValue(handle, out _))
            {
                await connection.ExecuteAsync(new CommandDefinition(
                    $"PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(long)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken));
                configured.AddOrUpdate(handle, Configured);
            }

            if (PragmasForTests is { } pragmas)
            {
                await connection.ExecuteAsync(new CommandDefinition(pragmas, cancellationToken: cancellationToken));
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs a short write together with others queued at the same time, in one transaction; completes after its
    /// COMMIT. <paramref name="operation"/> runs inside a savepoint: it must not begin or end transactions itself.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) =>
        groupCommit.WriteAsync(operation, cancellationToken);

    /// <summary>For <c>/healthz</c>: true when a connection opens and answers a query.</summary>
    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The database {Database} cannot be reached", DisplayName);
            return false;
        }
    }

    internal const string NotAConnectionString =
        "Storage:ConnectionString is not a SQLite connection string: write it as Data Source=path/to/linkedinbot.db (default Data Source=data/linkedinbot.db).";

    /// <summary>True when <paramref name="connectionString"/> reads as a Microsoft.Data.Sqlite connection string.</summary>
    internal static bool IsConnectionString(string connectionString)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(connectionString);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs on every connection as it opens, after the usual settings: tests use it to make SQLite behave as on a full
    /// disk (<c>PRAGMA max_page_count</c>) or a read-only file (<c>PRAGMA query_only</c>), which root, who runs CI,
    /// cannot get from file permissions.
    /// </summary>
    internal string? PragmasForTests { get; set; }

    // Below this the disk counts as full: SQLite needs room for the WAL and a page or two per write.
    private const long MinimumFreeBytes = 1024 * 1024;

    public async Task<StorageProbe> ProbeWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (FilePath is not null && FreeBytes(FilePath) is { } free && free < MinimumFreeBytes)
            {
                return new StorageProbe("full", SqliteProblems.Full(DisplayName));
            }

            // BEGIN IMMEDIATE takes the write lock (waiting the busy timeout for another process); the table and its
            // 16 KB row need new pages, as a post does, so a database that cannot grow fails here too. Rolled back:
            // nothing is left behind and nothing reaches the disk.
            await using var connection = await OpenAsync(cancellationToken);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE health_probe (b BLOB); INSERT INTO health_probe VALUES (zeroblob(16384));",
                transaction: transaction,
                cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            return StorageProbe.Ok;
        }
        catch (SqliteException ex)
        {
            var probe = SqliteProblems.Of(ex, DisplayName);
            logger.LogWarning("The database {Database} cannot be written: {Reason}", DisplayName, ex.Message);
            return probe;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The database {Database} cannot be reached", DisplayName);
            return new StorageProbe("unreachable", $"The database {DisplayName} cannot be opened: {ex.Message}");
        }
    }

    private static long? FreeBytes(string file)
    {
        try
        {
            return new DriveInfo(Path.GetDirectoryName(file)!).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// True for an in-memory (<c>:memory:</c>, <c>Mode=Memory</c>) or temporary (empty <c>Data Source</c>) database:
    /// each connection gets its own, so the bot, which opens one per operation, would find no tables.
    /// </summary>
    internal static bool IsPrivateToEachConnection(string connectionString)
    {
        try
        {
            var builder = new SqliteConnectionStringBuilder(connectionString);
            return builder.Mode == SqliteOpenMode.Memory
                || string.IsNullOrWhiteSpace(builder.DataSource)
                || builder.DataSource.Equals(":memory:", StringComparison.OrdinalIgnoreCase);
        }
        catch (ArgumentException)
        {
            // Not a connection string at all: Resolve says so, naming the key.
            return false;
        }
    }

    /// <summary>
    /// Makes a relative file path absolute (relative to the current directory, so the file does not move when the
    /// host changes its content root) and creates the folder of the file.
    /// </summary>
    internal static (string ConnectionString, string? FilePath) Resolve(string configured)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(configured);
        }
        catch (ArgumentException ex)
        {
            throw new BotStartupException(NotAConnectionString, ex);
        }

        // Microsoft.Data.Sqlite retries a busy statement for 30 s by default, past SQLite's own busy_timeout.
        if (!builder.ShouldSerialize("Default Timeout"))
        {
            builder.DefaultTimeout = (int)DefaultBusyTimeout.TotalSeconds;
        }

        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory
            || string.IsNullOrWhiteSpace(source)
            || source.Equals(":memory:", StringComparison.OrdinalIgnoreCase)
            || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return (builder.ToString(), null);
        }

        var fullPath = Path.GetFullPath(source);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder))
        {
            try
            {
                DataFileModes.CreateFolder(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BotStartupException(
                    $"The folder {folder} of the database (Storage:ConnectionString) cannot be created or used ({ex.Message.TrimEnd('.')}): " +
                    "set Data Source to a file in a folder the bot's user may create or write.",
                    ex);
            }
        }

        builder.DataSource = fullPath;
        return (builder.ToString(), fullPath);
    }
}
