using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// The SQLite stores, the token protector and the start-up migration. Binds <see cref="StorageOptions"/> to
    /// <c>Storage:*</c> (validated on start). Requires <c>IConfiguration</c> in the container, as every host has.
    /// </summary>
    public static IServiceCollection AddLinkedInBotStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(
                o => !SqliteDatabase.IsPrivateToEachConnection(o.ConnectionString),
                "Storage:ConnectionString must name a database file (default Data Source=data/linkedinbot.db): an in-memory or temporary SQLite database is a different, empty one for every connection the bot opens.")
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<SchemaMigrator>();
        services.TryAddSingleton<ITokenProtector, DataProtectionTokenProtector>();
        services.TryAddSingleton<IAccountLinkStore, SqliteAccountLinkStore>();
        services.TryAddSingleton<IOAuthStateStore, SqliteOAuthStateStore>();
        services.TryAddSingleton<IPostLedger, SqlitePostLedger>();
        services.TryAddSingleton<Jobs.IChatJobStore, Jobs.SqliteChatJobStore>();
        services.TryAddSingleton<Jobs.ILeaseStore, Jobs.SqliteLeaseStore>();
        services.TryAddSingleton<IPendingLinkStore, SqlitePendingLinkStore>();
        services.TryAddSingleton<IHandledRequestStore, SqliteHandledRequestStore>();
        services.TryAddSingleton<IPendingShareStore, SqlitePendingShareStore>();

        // A fixed application name keeps the key ring valid when the app moves to another folder (the default
        // discriminator is the content root path).
        services.AddDataProtection().SetApplicationName("LinkedInBot");

        // What PersistKeysToFileSystem does, but reading Storage:KeysDirectory when the options are resolved
        // rather than when services are registered (configuration is not known yet here).
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            var keys = Path.GetFullPath(provider.GetRequiredService<IOptions<StorageOptions>>().Value.KeysDirectory);
            DataFileModes.CreateFolder(keys);
            var directory = new DirectoryInfo(keys);
            options.XmlRepository = new FileSystemXmlRepository(directory, provider.GetRequiredService<ILoggerFactory>());
        }));

        // First among hosted services, and migrating in StartingAsync, so the schema is current before anything else starts.
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType == typeof(SchemaMigrationService)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaMigrationService>());
        }

        return services;
    }
}
