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

    // Native connections (kept alive by the pool) that already have the settings of OpenAsync.
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> configured = new();

    private readonly SqliteGroupCommit groupCommit;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        this.logger = logger;
        (connectionString, FilePath) = Resolve(options.Value.ConnectionString);
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
                    "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000; PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken));
                configured.AddOrUpdate(handle, Configured);
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
            throw new InvalidOperationException($"Storage:ConnectionString is not a valid SQLite connection string: {ex.Message}", ex);
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
            DataFileModes.CreateFolder(folder);
        }

        builder.DataSource = fullPath;
        return (builder.ToString(), fullPath);
    }
}
