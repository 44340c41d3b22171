using System.Text;
using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Storage;

/// <summary>
/// A fresh folder (key ring, SQLite file) per test and, on PostgreSQL, a fresh schema of the test server
/// (<see cref="PostgresServer"/>). <see cref="Start"/> builds the storage services the way the host does; calling it
/// again over the same folder and database is a restart — or, on PostgreSQL, a second replica.
/// </summary>
internal sealed class TempStorage : IAsyncDisposable
{
    private readonly List<ServiceProvider> providers = [];
    private readonly string? schema;

    private TempStorage(StorageProvider provider, string? postgresConnectionString, string? schema)
    {
        Provider = provider;
        Root = Path.Combine(Path.GetTempPath(), "linkedinbot-storage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        ConnectionString = postgresConnectionString ?? $"Data Source={DatabasePath}";
        this.schema = schema;
    }

    public StorageProvider Provider { get; }

    public string Root { get; }

    /// <summary>The <c>Storage:ConnectionString</c> of this provider.</summary>
    public string ConnectionString { get; }

    /// <summary>In a folder that does not exist yet: the database must create it.</summary>
    public string DatabasePath => Path.Combine(Root, "db", "bot.db");

    public string KeysDirectory => Path.Combine(Root, "keys");

    public IServiceProvider Services => providers[^1];

    /// <summary>Storage on <paramref name="provider"/>, migrated.</summary>
    public static async Task<TempStorage> CreateAsync(StorageProvider provider = StorageProvider.Sqlite)
    {
        var storage = await CreateUnmigratedAsync(provider);
        await storage.Start().GetRequiredService<ISchemaMigrator>().MigrateAsync(CancellationToken.None);
        return storage;
    }

    /// <summary>An empty database (no tables yet) on <paramref name="provider"/>.</summary>
    public static async Task<TempStorage> CreateUnmigratedAsync(StorageProvider provider)
    {
        if (provider == StorageProvider.Sqlite)
        {
            return new TempStorage(provider, null, null);
        }

        var (connectionString, schema) = await PostgresServer.CreateSchemaAsync();
        return new TempStorage(provider, connectionString, schema);
    }

    public IServiceProvider Start(string? keysDirectory = null, KeyRingStorage keyRing = KeyRingStorage.Directory, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Provider"] = Provider.ToString(),
                ["Storage:ConnectionString"] = ConnectionString,
                ["Storage:KeysDirectory"] = keysDirectory ?? KeysDirectory,
                ["Storage:KeyRing"] = keyRing.ToString(),
            })
            .Build();
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLinkedInBotStorage();
        if (logs is not null)
        {
            collection.AddLogging(logging => logging.AddProvider(logs));
        }

        var services = collection.BuildServiceProvider();
        providers.Add(services);
        return services;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// True when the text is stored anywhere: on SQLite, as UTF-8/ASCII or UTF-16 in the database file or its
    /// WAL/shared-memory files; on PostgreSQL, in the text form of any row of any table of the test's schema.
    /// </summary>
    public async Task<bool> StoredDataContainsAsync(string text)
    {
        if (Provider == StorageProvider.PostgreSQL)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            var tables = await connection.QueryAsync<string>("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
            foreach (var table in tables)
            {
                var rows = await connection.QueryAsync<string>($"SELECT t::text FROM {table} t");
                if (rows.Any(row => row.Contains(text, StringComparison.Ordinal)))
                {
                    return true;
                }
            }

            return false;
        }

        var patterns = new[] { Encoding.UTF8.GetBytes(text), Encoding.Unicode.GetBytes(text), Encoding.BigEndianUnicode.GetBytes(text) };
        foreach (var path in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" }.Where(File.Exists))
        {
            byte[] bytes;
            using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var copy = new MemoryStream())
            {
                stream.CopyTo(copy);
                bytes = copy.ToArray();
            }

            if (patterns.Any(pattern => bytes.AsSpan().IndexOf(pattern) >= 0))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        // Pooled connections keep the files open; release them before deleting.
        SqliteConnection.ClearAllPools();
        if (schema is not null)
        {
            await PostgresServer.DropSchemaAsync(schema);
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A pooled connection of a parallel test may still be closing; the OS temp folder is cleaned eventually.
        }
    }
}
