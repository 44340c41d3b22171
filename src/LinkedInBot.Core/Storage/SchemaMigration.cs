using System.Globalization;
using System.Reflection;

namespace LinkedInBot.Core.Storage;

/// <summary>One versioned schema script, embedded from <c>Storage/Migrations/NNNN_name.sql</c>.</summary>
internal sealed record SchemaMigration(int Version, string Name, string Sql)
{
    private const string ResourceFolder = ".Storage.Migrations.";

    /// <summary>All embedded migrations in version order. A misnamed or duplicate script is a build mistake: fail loudly.</summary>
    public static IReadOnlyList<SchemaMigration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.Contains(ResourceFolder, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(migration => migration.Version)
            .ToList();

        var duplicate = migrations.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two schema migrations share version {duplicate.Key}: {string.Join(", ", duplicate.Select(m => m.Name))}.");
        }

        return migrations.Count > 0 ? migrations : throw new InvalidOperationException("No schema migrations are embedded in LinkedInBot.Core.");
    }

    private static SchemaMigration Load(Assembly assembly, string resourceName)
    {
        var fileName = resourceName[(resourceName.LastIndexOf(ResourceFolder, StringComparison.Ordinal) + ResourceFolder.Length)..];
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
