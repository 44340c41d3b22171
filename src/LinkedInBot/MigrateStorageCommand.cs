using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using LinkedInBot.Core.Storage.Copy;
using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// <c>migrate-storage --to "&lt;PostgreSQL connection string&gt;"</c>: copies this install's SQLite data (read from the
/// usual settings: appsettings, environment, further command-line settings) into an empty PostgreSQL database.
/// Prints one line per table with its row count; on failure one line and a non-zero exit code. Neither connection
/// string is ever printed: they may hold passwords.
/// </summary>
public static class MigrateStorageCommand
{
    public const string Name = "migrate-storage";

    private const string TargetOption = "--to";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, Action<IConfigurationBuilder>? configure = null)
    {
        var rest = args.Skip(1).ToList();
        var at = rest.IndexOf(TargetOption);
        if (at < 0 || at + 1 >= rest.Count || !PostgresDatabase.IsUsableConnectionString(rest[at + 1]))
        {
            await error.WriteLineAsync($"{Name} failed: give the target as {TargetOption} \"Host=…;Database=…;Username=…;Password=…\" (a PostgreSQL connection string naming the server).");
            return 2;
        }

        var targetConnectionString = rest[at + 1];
        rest.RemoveRange(at, 2);

        try
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. rest], ContentRootPath = AppContext.BaseDirectory });
            configure?.Invoke(builder.Configuration);

            await using var source = Storage(builder.Configuration, overrides: null);
            if (source.GetRequiredService<IOptions<StorageOptions>>().Value.Provider != StorageProvider.Sqlite)
            {
                await error.WriteLineAsync($"{Name} failed: it copies a SQLite install, but Storage:Provider is not Sqlite here.");
                return 2;
            }

            await using var target = Storage(builder.Configuration, new()
            {
                ["Storage:Provider"] = nameof(StorageProvider.PostgreSQL),
                ["Storage:ConnectionString"] = targetConnectionString,
            });
            var copy = new SqliteToPostgresCopy(
                source.GetRequiredService<SqliteDatabase>(),
                source.GetRequiredService<SqliteSchemaMigrator>(),
                target.GetRequiredService<PostgresDatabase>(),
                target.GetRequiredService<PostgresSchemaMigrator>());

            foreach (var (table, rows) in await copy.CopyAsync(CancellationToken.None))
            {
                await output.WriteLineAsync($"{table}: {rows} rows");
            }

            await output.WriteLineAsync(
                $"Copied into {target.GetRequiredService<PostgresDatabase>().DisplayName}. Now set Storage:Provider=PostgreSQL and " +
                "Storage:ConnectionString to it, and keep the same key ring (the tokens were copied encrypted).");
            return 0;
        }
        catch (Exception ex) when (ex is StorageCopyRefusedException or BotStartupException or OptionsValidationException)
        {
            await error.WriteLineAsync($"{Name} failed: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException or InvalidOperationException or TimeoutException)
        {
            // Npgsql and SQLite messages name a host, a user or a file at most, never a password.
            await error.WriteLineAsync($"{Name} failed ({ex.GetType().Name}): {ex.Message.ReplaceLineEndings(" ").TrimEnd('.', ' ')}. Nothing was copied.");
            return 1;
        }
    }

    private static ServiceProvider Storage(IConfiguration configuration, Dictionary<string, string?>? overrides)
    {
        var settings = new ConfigurationBuilder().AddConfiguration(configuration);
        if (overrides is not null)
        {
            settings.AddInMemoryCollection(overrides);
        }

        return new ServiceCollection()
            .AddSingleton<IConfiguration>(settings.Build())
            .AddLinkedInBotStorage()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = false });
    }
}
