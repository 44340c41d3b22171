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
    /// The stores of the configured provider (<c>Storage:Provider</c>: SQLite or PostgreSQL), the token protector,
    /// the key ring and the start-up migration. Binds <see cref="StorageOptions"/> to <c>Storage:*</c> (validated on
    /// start). Requires <c>IConfiguration</c> in the container, as every host has.
    /// </summary>
    public static IServiceCollection AddLinkedInBotStorage(this IServiceCollection services)
    {
        // The connection string is never part of a message: it may hold a password.
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => Enum.IsDefined(o.Provider), "Storage:Provider must be Sqlite or PostgreSQL.")
            .Validate(o => Enum.IsDefined(o.KeyRing), "Storage:KeyRing must be Directory or Database.")
            .Validate(o => o.Provider != StorageProvider.Sqlite || SqliteDatabase.IsConnectionString(o.ConnectionString), SqliteDatabase.NotAConnectionString)
            .Validate(o => o.PostTextRetention >= TimeSpan.FromDays(1), "Storage:PostTextRetention must be at least 1.00:00:00 (default 90.00:00:00: 90 days).")
            .Validate(
                o => o.Provider != StorageProvider.Sqlite || !SqliteDatabase.IsPrivateToEachConnection(o.ConnectionString),
                "Storage:ConnectionString must name a database file (default Data Source=data/linkedinbot.db): an in-memory or temporary SQLite database is a different, empty one for every connection the bot opens.")
            .Validate(
                o => o.Provider != StorageProvider.PostgreSQL || PostgresDatabase.IsUsableConnectionString(o.ConnectionString),
                "Storage:ConnectionString must be a PostgreSQL connection string naming the server when Storage:Provider is PostgreSQL, for example Host=db;Database=linkedinbot;Username=linkedinbot;Password=… (set it, with the password, as the environment variable Storage__ConnectionString).")
            .ValidateOnStart();

        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SqliteDatabase>();
        services.TryAddSingleton<PostgresDatabase>();
        services.TryAddSingleton<SqliteSchemaMigrator>();
        services.TryAddSingleton<PostgresSchemaMigrator>();
        services.TryAddSingleton<IStorageDatabase>(provider => StorageProviderSelection.ProviderOf(provider) == StorageProvider.PostgreSQL
            ? provider.GetRequiredService<PostgresDatabase>()
            : provider.GetRequiredService<SqliteDatabase>());
        services.TryAddSingleton<ISchemaMigrator>(provider => StorageProviderSelection.ProviderOf(provider) == StorageProvider.PostgreSQL
            ? provider.GetRequiredService<PostgresSchemaMigrator>()
            : provider.GetRequiredService<SqliteSchemaMigrator>());
        services.TryAddSingleton<ITokenProtector, DataProtectionTokenProtector>();
        services.TryAddSingleton<KeyRingCheck>();
        services.TryAddByProvider<IAccountLinkStore, SqliteAccountLinkStore, PostgresAccountLinkStore>();
        services.TryAddByProvider<IOAuthStateStore, SqliteOAuthStateStore, PostgresOAuthStateStore>();
        services.TryAddByProvider<IPostLedger, SqlitePostLedger, PostgresPostLedger>();
        services.TryAddByProvider<Jobs.IChatJobStore, Jobs.SqliteChatJobStore, Jobs.PostgresChatJobStore>();
        services.TryAddByProvider<Jobs.ILeaseStore, Jobs.SqliteLeaseStore, Jobs.PostgresLeaseStore>();
        services.TryAddByProvider<IPendingLinkStore, SqlitePendingLinkStore, PostgresPendingLinkStore>();
        services.TryAddByProvider<IHandledRequestStore, SqliteHandledRequestStore, PostgresHandledRequestStore>();
        services.TryAddByProvider<IPendingShareStore, SqlitePendingShareStore, PostgresPendingShareStore>();
        services.TryAddByProvider<IAlbumStore, SqliteAlbumStore, PostgresAlbumStore>();
        services.TryAddByProvider<IDataErasure, SqliteDataErasure, PostgresDataErasure>();
        services.TryAddSingleton<ILinkLifecycleStore, LinkLifecycleStore>();
        services.TryAddSingleton<ILinkRenewalStore, LinkRenewalStore>();
        services.TryAddSingleton<Pages.IPageStore, Pages.PageStore>();
        services.TryAddSingleton<Approval.IApprovalStore, Approval.ApprovalStore>();
        services.TryAddSingleton<IPostTextRetention, PostTextRetention>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IUserDataEraser, CoreUserDataEraser>());
        services.TryAddByProvider<IPostHistory, SqlitePostHistory, PostgresPostHistory>();
        services.TryAddByProvider<IWaitingPostStore, SqliteWaitingPostStore, PostgresWaitingPostStore>();
        services.TryAddByProvider<IUserSettingsStore, SqliteUserSettingsStore, PostgresUserSettingsStore>();

        // A fixed application name keeps the key ring valid when the app moves to another folder (the default
        // discriminator is the content root path).
        services.AddDataProtection().SetApplicationName("LinkedInBot");

        // What PersistKeysToFileSystem does (or a database table), but reading Storage:KeyRing and Storage:KeysDirectory
        // when the options are resolved rather than when services are registered (configuration is not known yet here).
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(options =>
        {
            var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.KeyRing == KeyRingStorage.Database)
            {
                options.XmlRepository = new DatabaseXmlRepository(provider.GetRequiredService<IStorageDatabase>(), provider.GetRequiredService<TimeProvider>());
                return;
            }

            var keys = Path.GetFullPath(storage.KeysDirectory);
            try
            {
                DataFileModes.CreateFolder(keys);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new BotStartupException(KeyRingCheck.Unusable(KeyRingCheck.WhereOf(storage), ex.Message.TrimEnd('.')), ex);
            }

            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(keys), provider.GetRequiredService<ILoggerFactory>());
        }));

        // First among hosted services, and migrating in StartingAsync, so the schema is current before anything else starts.
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(IHostedService) && descriptor.ImplementationType == typeof(SchemaMigrationService)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService, SchemaMigrationService>());
            services.AddHostedService<KeyRingCheckService>();
        }

        return services;
    }
}
