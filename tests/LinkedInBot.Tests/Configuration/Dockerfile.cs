using System.Text;
using System.Text.RegularExpressions;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// The instructions of the repository's Dockerfile that decide how the bot runs in the image, read the simple way
/// the Dockerfile writes them (one instruction per line, <c>\</c> continuations, <c>KEY=value</c> ENV pairs).
/// </summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<(string Instruction, string Arguments)> runtimeStage)
    {
        RuntimeStage = runtimeStage;
    }

    /// <summary>The instructions after the last FROM: what the shipped image is made of.</summary>
    public IReadOnlyList<(string Instruction, string Arguments)> RuntimeStage { get; }

    /// <summary>ENV of the runtime stage, in order, quotes removed.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment =>
        RuntimeStage.Where(i => i.Instruction == "ENV").SelectMany(i => ParsePairs(i.Arguments)).ToList();

    public IReadOnlyList<string> Volumes => Arguments("VOLUME");

    public IReadOnlyList<string> ExposedPorts => Arguments("EXPOSE");

    public string? User => Arguments("USER").LastOrDefault();

    public string? HealthCheck => RuntimeStage.LastOrDefault(i => i.Instruction == "HEALTHCHECK").Arguments;

    public static Dockerfile Load() => Parse(RepositoryFiles.Read("Dockerfile"));

    /// <summary>
    /// The ENV values as configuration keys, the way the host reads environment variables: <c>__</c> becomes
    /// <c>:</c>, and the <c>ASPNETCORE_</c> prefix is dropped.
    /// </summary>
    public Dictionary<string, string?> EnvironmentAsConfiguration()
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in Environment)
        {
            var key = name.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ? name["ASPNETCORE_".Length..] : name;
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        return settings;
    }

    private List<string> Arguments(string instruction) =>
        RuntimeStage.Where(i => i.Instruction == instruction)
            .SelectMany(i => i.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToList();

    internal static Dockerfile Parse(string text)
    {
        var instructions = new List<(string, string)>();
        var current = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (current.Length == 0 && (line.TrimStart().StartsWith('#') || line.Trim().Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current.Append(line[..^1]).Append(' ');
                continue;
            }

            current.Append(line);
            var whole = current.ToString().Trim();
            current.Clear();
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            instructions.Add(space < 0
                ? (whole.ToUpperInvariant(), string.Empty)
                : (whole[..space].ToUpperInvariant(), whole[(space + 1)..].Trim()));
        }

        var lastFrom = instructions.FindLastIndex(i => i.Item1 == "FROM");
        return new Dockerfile(instructions.Skip(lastFrom + 1).ToList());
    }

    private static IEnumerable<KeyValuePair<string, string>> ParsePairs(string arguments)
    {
        foreach (Match pair in EnvPair().Matches(arguments))
        {
            var value = pair.Groups["quoted"].Success ? pair.Groups["quoted"].Value : pair.Groups["plain"].Value;
            yield return KeyValuePair.Create(pair.Groups["name"].Value, value);
        }
    }

    [GeneratedRegex("""(?<name>[A-Za-z_][A-Za-z0-9_]*)=(?:"(?<quoted>[^"]*)"|(?<plain>[^\s"]*))""")]
    private static partial Regex EnvPair();
}
