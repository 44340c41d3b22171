using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The bot's PostgreSQL database (<c>Storage:Provider</c> = PostgreSQL): one <see cref="NpgsqlDataSource"/>, whose
/// pool every store operation borrows a connection from. Each operation is one statement in autocommit (or a
/// short transaction of its own): unlike SQLite, PostgreSQL has row locks and many writers, so there is no group commit.
/// </summary>
public sealed class PostgresDatabase : IStorageDatabase, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource dataSource;
    private readonly ILogger<PostgresDatabase> logger;

    public PostgresDatabase(IOptions<StorageOptions> options, ILogger<PostgresDatabase> logger)
    {
        this.logger = logger;
        var builder = Parse(options.Value.ConnectionString);
        DisplayName = $"PostgreSQL database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";

        // Npgsql's default pool (100 connections) per replica would let two replicas under a burst exhaust a default
        // server (max_connections = 100: "sorry, too many clients already", measured with the benchmark). Every store
        // call is one short statement, so a small pool serves 100 chats; a connection string that sets its own wins.
        // (Every spelling of the keyword — Maximum Pool Size, Max Pool Size, MaxPoolSize — contains "Max".)
        if (!options.Value.ConnectionString.Contains("Max", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }
        dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>Connections one replica opens at most, unless the connection string says otherwise.</summary>
    internal const int DefaultMaxPoolSize = 20;

    public StorageProvider Provider => StorageProvider.PostgreSQL;

    public string DisplayName { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken) => dataSource.OpenConnectionAsync(cancellationToken);

    async Task<DbConnection> IStorageDatabase.OpenConnectionAsync(CancellationToken cancellationToken) => await OpenAsync(cancellationToken);

    public async Task<bool> CanConnectAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Npgsql's messages name the host and the user at most, never the password.
            logger.LogWarning("The database {Database} cannot be reached: {Reason}", DisplayName, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// True when <paramref name="connectionString"/> is an Npgsql connection string that names a server. The SQLite
    /// default (<c>Data Source=…</c>, which Npgsql would read as a host name) does not count.
    /// </summary>
    public static bool IsUsableConnectionString(string connectionString)
    {
        if (string.Equals(connectionString.Trim(), StorageOptions.SqliteDefaultConnectionString, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        try
        {
            return !string.IsNullOrWhiteSpace(new NpgsqlConnectionStringBuilder(connectionString).Host);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public async Task<StorageProbe> ProbeWriteAsync(CancellationToken cancellationToken)
    {
        try
        {
            // A standby, or a server or role set to read-only, refuses every write; both are one query away.
            await using var connection = await OpenAsync(cancellationToken);
            var readOnly = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_is_in_recovery() OR current_setting('transaction_read_only') = 'on'", cancellationToken: cancellationToken));
            return readOnly
                ? new StorageProbe("read-only", $"The {DisplayName} accepts no writes (a standby, or default_transaction_read_only is on): point Storage:ConnectionString at the primary.")
                : StorageProbe.Ok;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Npgsql's messages name the host and the user at most, never the password.
            logger.LogWarning("The database {Database} cannot be reached: {Reason}", DisplayName, ex.Message);
            return new StorageProbe("unreachable", $"The {DisplayName} cannot be reached: {ex.Message}");
        }
    }

    private static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException)
        {
            // Not the exception's message: it can quote the offending part of the string, which may be the password.
            throw new InvalidOperationException("Storage:ConnectionString is not a valid PostgreSQL (Npgsql) connection string.");
        }
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public void Dispose() => dataSource.Dispose();
}
