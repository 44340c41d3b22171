using System.Globalization;
using System.Reflection;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// One versioned schema script, embedded from <c>Storage/Migrations/{Provider}/NNNN_name.sql</c>. There is one
/// migration list: every version exists for every provider under the same name, so <c>schema_version</c> means the
/// same on both (and a database copied from SQLite to PostgreSQL has the same version).
/// </summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourceFolder = ".Storage.Migrations.";

    /// <summary>The newest schema version this build knows (the same for every provider).</summary>
    public static int LatestVersion => LoadEmbedded(StorageProvider.Sqlite)[^1].Version;

    /// <summary>All embedded migrations of a provider in version order. A misnamed or duplicate script is a build mistake: fail loudly.</summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded(StorageProvider provider)
    {
        var folder = ResourceFolder + provider + ".";
        var assembly = typeof(SchemaMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(folder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name, folder))
            .OrderBy(migration => migration.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two {provider} schema migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException($"No {provider} schema migrations are embedded in LinkedInBot.Core.");
    }

    private static SchemaMigration Load(Assembly assembly, string resourceName, string folder)
    {
        var fileName = resourceName[(resourceName.LastIndexOf(folder, StringComparison.Ordinal) + folder.Length)..];
        var name = Path.GetFileNameWithoutExtension(fileName);
        var separator = name.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(name.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version <= 0)
        {
            throw new InvalidOperationException($"Schema migration '{fileName}' must be named like 0001_initial.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded resource '{resourceName}' cannot be opened.");
        using var reader = new StreamReader(stream);
        return new SchemaMigration(version, name, reader.ReadToEnd());
    }
}
