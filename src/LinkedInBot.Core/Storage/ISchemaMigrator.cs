namespace LinkedInBot.Core.Storage;

/// <summary>Brings the configured database to the schema this build expects (one implementation per provider).</summary>
public interface ISchemaMigrator
{
    /// <exception cref="BotStartupException">The database was written by a newer build.</exception>
    Task MigrateAsync(CancellationToken cancellationToken);
}

/// <summary>The refusal both providers give for a database from a newer build.</summary>
internal static class NewerSchema
{
    public static void ThrowIfNewer(string database, int current, int latest)
    {
        if (current > latest)
        {
            throw new BotStartupException(
                $"The database {database} has schema version {current}, but this build of LinkedInBot only knows " +
                $"versions up to {latest}. It was written by a newer LinkedInBot: run that version, or restore a backup made " +
                "before the upgrade. Refusing to start so the newer data is not damaged.");
        }
    }
}
