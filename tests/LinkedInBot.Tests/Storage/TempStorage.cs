using System.Text;
using LinkedInBot.Core.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Storage;

/// <summary>
/// A fresh folder with a real SQLite file and key ring per test. <see cref="Start"/> builds the storage services
/// the way the host does; calling it again over the same folder is a restart.
/// </summary>
internal sealed class TempStorage : IAsyncDisposable
{
    private readonly List<ServiceProvider> providers = [];

    private TempStorage()
    {
        Root = Path.Combine(Path.GetTempPath(), "linkedinbot-storage-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    /// <summary>In a folder that does not exist yet: the database must create it.</summary>
    public string DatabasePath => Path.Combine(Root, "db", "bot.db");

    public string KeysDirectory => Path.Combine(Root, "keys");

    public IServiceProvider Services => providers[^1];

    public static async Task<TempStorage> CreateAsync()
    {
        var storage = new TempStorage();
        await storage.Start().GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        return storage;
    }

    public IServiceProvider Start(string? keysDirectory = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={DatabasePath}",
                ["Storage:KeysDirectory"] = keysDirectory ?? KeysDirectory,
            })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLinkedInBotStorage()
            .BuildServiceProvider();
        providers.Add(services);
        return services;
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>True when the text appears, as UTF-8/ASCII or UTF-16, in the database file or its WAL/shared-memory files.</summary>
    public bool DatabaseFilesContain(string text)
    {
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
