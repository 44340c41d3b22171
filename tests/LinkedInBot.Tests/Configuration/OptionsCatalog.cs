using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using LinkedInBot.Core;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// Every options class of the bot, found by convention: a public sealed class with a <c>public const string
/// Section</c>, in the core or the host assembly. Its settings are the public instance properties with a public
/// setter — exactly what configuration binding fills.
/// </summary>
internal static class OptionsCatalog
{
    public static IReadOnlyList<OptionsClass> All { get; } = Find();

    /// <summary>Every setting as a configuration key (<c>Section:Property</c>) with the default the code has.</summary>
    public static IEnumerable<(string Key, PropertyInfo Property, object? Default)> Settings() =>
        All.SelectMany(options =>
        {
            var defaults = Activator.CreateInstance(options.Type)!;
            return options.Settings.Select(p => (options.Section + ":" + p.Name, p, p.GetValue(defaults)));
        });

    /// <summary>Converts a configuration string the way the configuration binder does.</summary>
    public static object? Convert(string value, Type type) =>
        TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);

    /// <summary>A default as it is written in appsettings.sample.json and docs/configuration.md.</summary>
    public static string Format(object? value) => value switch
    {
        null => string.Empty,
        bool b => b ? "true" : "false",
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static List<OptionsClass> Find()
    {
        Assembly[] assemblies = [typeof(BotOptions).Assembly, typeof(BotApp).Assembly];
        return assemblies
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.IsClass && t.IsSealed && !t.IsAbstract)
            .Select(t => (Type: t, Field: t.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(x => x.Field is { IsLiteral: true } && x.Field.FieldType == typeof(string))
            .Select(x => new OptionsClass(
                (string)x.Field!.GetRawConstantValue()!,
                x.Type,
                x.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(p => p.GetSetMethod() is not null && p.GetIndexParameters().Length == 0)
                    .ToList()))
            .OrderBy(o => o.Section, StringComparer.Ordinal)
            .ToList();
    }
}

internal sealed record OptionsClass(string Section, Type Type, IReadOnlyList<PropertyInfo> Settings);
