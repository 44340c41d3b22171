using Npgsql;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// A schema of its own in the database LINKEDINBOT_BENCH_POSTGRES names, for one run: the bot gets a connection
/// string whose search path is that schema, so its migrations create their tables there and nothing else in the
/// database is touched. Dropped with everything in it at the end.
/// </summary>
internal sealed class PostgresSchema : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgresSchema(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        ConnectionString = connectionString;
    }

    /// <summary>For <c>Storage:ConnectionString</c>.</summary>
    public string ConnectionString { get; }

    public static async Task<PostgresSchema> CreateAsync(string connectionString)
    {
        var name = "linkedinbot_bench_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync(connectionString, $"CREATE SCHEMA {name}");
        var scoped = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = name }.ConnectionString;
        return new PostgresSchema(connectionString, name, scoped);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(_adminConnectionString, $"DROP SCHEMA IF EXISTS {_name} CASCADE");
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
