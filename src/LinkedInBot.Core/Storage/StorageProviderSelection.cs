using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Registers a storage service whose implementation depends on <c>Storage:Provider</c>. Configuration is not known
/// when services are registered, so the choice is made when the service is first resolved; only the chosen
/// implementation (and its database) is ever built.
/// </summary>
internal static class StorageProviderSelection
{
    public static IServiceCollection TryAddByProvider<TService, TSqlite, TPostgres>(this IServiceCollection services)
        where TService : class
        where TSqlite : TService
        where TPostgres : TService
    {
        services.TryAddSingleton<TService>(provider => ProviderOf(provider) == StorageProvider.PostgreSQL
            ? ActivatorUtilities.CreateInstance<TPostgres>(provider)
            : ActivatorUtilities.CreateInstance<TSqlite>(provider));
        return services;
    }

    public static StorageProvider ProviderOf(IServiceProvider provider) =>
        provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider;
}
