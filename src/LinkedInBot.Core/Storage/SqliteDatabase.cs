using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The bot's SQLite database (<c>Storage:ConnectionString</c>): opens connections configured the same way every time.
/// Connections are cheap (Microsoft.Data.Sqlite pools them), so each store operation opens its own.
/// </summary>
public sealed class SqliteDatabase
{
    private readonly string connectionString;
    private readonly ILogger<SqliteDatabase> logger;

    public SqliteDatabase(IOptions<StorageOptions> options, ILogger<SqliteDatabase> logger)
    {
        this.logger = logger;
        (connectionString, FilePath) = Resolve(options.Value.ConnectionString);
    }

    /// <summary>The absolute path of the database file; null for in-memory or temporary databases.</summary>
    public string? FilePath { get; }

    /// <summary>A human-readable name for messages and logs (never the connection string, which could hold a password).</summary>
    public string DisplayName => FilePath ?? "(in-memory database)";

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // Per-connection settings. The busy timeout lets concurrent deliveries (webhook retries, several chats)
            // wait for the single writer instead of failing with SQLITE_BUSY.
            await connection.ExecuteAsync(new CommandDefinition(
                "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;", cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

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
            Directory.CreateDirectory(folder);
        }

        builder.DataSource = fullPath;
        return (builder.ToString(), fullPath);
    }
}
