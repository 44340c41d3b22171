using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Migrates the database in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// StartAsync (the adapters, Kestrel): nothing touches the stores before the schema is current.
/// A migration failure (for example a newer database), or a database that cannot be written, fails the host's start.
/// </summary>
internal sealed class SchemaMigrationService(ISchemaMigrator migrator, IStorageDatabase database) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await migrator.MigrateAsync(cancellationToken);

        // A database that is current but cannot be written (read-only, full disk, locked by another process) would
        // let the bot start and then fail every request: say so now, in one line.
        var probe = await database.ProbeWriteAsync(cancellationToken);
        if (!probe.IsOk)
        {
            throw new BotStartupException(probe.Problem!);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
