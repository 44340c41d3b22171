using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Discord;
using LinkedInBot.Telegram;
using Microsoft.Extensions.Configuration;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// appsettings.sample.json is the operator's reference: it must load through the real binding and validation, list
/// every option with the default the code has, name nothing the code does not bind, and agree with
/// docs/configuration.md. Adding an option without documenting it fails here.
/// </summary>
public sealed class SampleConfigurationTests
{
    private const string SamplePath = "appsettings.sample.json";

    private const string UrlsKey = "Urls";
    private const string LoggingPrefix = "Logging:";

    // Keys the host reads straight from configuration rather than through an options class, with their defaults.
    // Console:Enabled is empty by default: the console chat then turns itself on when no chat platform is configured.
    private static readonly Dictionary<string, string> HostKeys = new(StringComparer.Ordinal)
    {
        [UrlsKey] = BotApp.DefaultUrls,
        [ConsoleRegistration.EnabledKey] = string.Empty,
    };

    private static readonly IConfigurationRoot Sample = new ConfigurationBuilder()
        .AddJsonFile(RepositoryFiles.PathOf(SamplePath), optional: false, reloadOnChange: false)
        .Build();

    private static IReadOnlyList<KeyValuePair<string, string>> SampleSettings =>
        Sample.AsEnumerable()
            .Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, kv.Value!))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .ToList();

    [Fact]
    public void Sample_LoadsThroughTheRealHost_AndPassesStartupValidation()
    {
        using var app = BotApp.Build([], builder => builder.Configuration.AddJsonFile(RepositoryFiles.PathOf(SamplePath)));

        app.ValidateConfiguration();

        Assert.Equal(BotApp.DefaultUrls, app.Configuration[UrlsKey]);
    }

    [Fact]
    public void Catalog_FindsTheOptionsClassesOfCoreAndHost()
    {
        var sections = OptionsCatalog.All.Select(o => o.Section).ToList();

        Assert.Contains(BotOptions.Section, sections);
        Assert.Contains(LinkedInOptions.Section, sections);
        Assert.Contains(LinkedInResilienceOptions.Section, sections);
        Assert.Contains(StorageOptions.Section, sections);
        Assert.Contains(TelegramOptions.Section, sections);
        Assert.Contains(DiscordOptions.Section, sections);
        Assert.Equal(sections.Count, sections.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Sample_ListsEveryOption_WithTheDefaultTheCodeHas()
    {
        var problems = new List<string>();
        foreach (var (key, property, codeDefault) in OptionsCatalog.Settings())
        {
            var written = Sample[key];
            if (written is null)
            {
                problems.Add($"{key} is missing (the code's default: '{OptionsCatalog.Format(codeDefault)}')");
                continue;
            }

            object? sampleDefault;
            try
            {
                sampleDefault = OptionsCatalog.Convert(written, property.PropertyType);
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
            {
                problems.Add($"{key} = '{written}' does not convert to {property.PropertyType.Name}");
                continue;
            }

            if (!Equals(sampleDefault ?? string.Empty, codeDefault ?? string.Empty))
            {
                problems.Add($"{key} = '{written}', but the code's default is '{OptionsCatalog.Format(codeDefault)}'");
            }
        }

        Assert.True(problems.Count == 0, $"{SamplePath} disagrees with the options classes:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Sample_HasNoKeyTheCodeDoesNotBind()
    {
        var bindable = OptionsCatalog.Settings().Select(s => s.Key).ToHashSet(StringComparer.Ordinal);

        var unknown = SampleSettings
            .Select(kv => kv.Key)
            .Where(key => !HostKeys.ContainsKey(key) && !key.StartsWith(LoggingPrefix, StringComparison.Ordinal) && !bindable.Contains(key))
            .ToList();

        Assert.True(unknown.Count == 0, $"{SamplePath} has keys no options class binds (check spelling and case): " + string.Join(", ", unknown));
    }

    [Fact]
    public void Sample_KeysTheHostReadsItself_HaveTheHostsDefaults()
    {
        foreach (var (key, hostDefault) in HostKeys)
        {
            Assert.Equal(hostDefault, Sample[key]);
        }
    }

    [Fact]
    public void Sample_LogLevels_AreWhatTheHostShipsWith()
    {
        var shipped = new ConfigurationBuilder()
            .AddJsonFile(RepositoryFiles.PathOf("src/LinkedInBot/appsettings.json"))
            .Build();

        Assert.Equal(Levels(shipped), Levels(Sample));

        static List<string> Levels(IConfiguration configuration) =>
            configuration.GetSection("Logging").AsEnumerable(makePathsRelative: true)
                .Where(kv => kv.Value is not null)
                .Select(kv => $"{kv.Key}={kv.Value}")
                .Order(StringComparer.Ordinal)
                .ToList();
    }

    [Fact]
    public void ConfigurationDoc_NamesEveryKey_AndItsEnvironmentVariable()
    {
        var doc = RepositoryFiles.Read("docs/configuration.md");

        var missing = SampleSettings
            .Select(kv => kv.Key)
            .SelectMany(key => new[] { key, key.Replace(":", "__", StringComparison.Ordinal) })
            .Distinct(StringComparer.Ordinal)
            .Where(name => !doc.Contains("`" + name + "`", StringComparison.Ordinal))
            .ToList();

        Assert.True(missing.Count == 0, "docs/configuration.md does not mention: " + string.Join(", ", missing));
    }

    [Fact]
    public void ConfigurationDoc_StatesTheCodesDefaults()
    {
        var doc = RepositoryFiles.Read("docs/configuration.md");

        var wrong = new List<string>();
        foreach (var (key, _, codeDefault) in OptionsCatalog.Settings())
        {
            var row = doc.Split('\n').FirstOrDefault(line => line.StartsWith("| `" + key + "` |", StringComparison.Ordinal));
            var expected = OptionsCatalog.Format(codeDefault) is { Length: > 0 } text ? "`" + text + "`" : "*(empty)*";
            if (row is null || !row.Contains("| " + expected + " |", StringComparison.Ordinal))
            {
                wrong.Add($"{key} should have a table row with default {expected}");
            }
        }

        Assert.True(wrong.Count == 0, "docs/configuration.md:\n" + string.Join('\n', wrong));
    }
}
