using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Migrates the database in <see cref="StartingAsync"/>, which the host runs before any hosted service's
/// StartAsync (the adapters, Kestrel): nothing touches the stores before the schema is current.
/// A migration failure (for example a newer database) fails the host's start.
/// </summary>
internal sealed class SchemaMigrationService(ISchemaMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
