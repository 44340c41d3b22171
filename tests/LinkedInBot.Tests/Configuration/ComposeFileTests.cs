using System.Text.RegularExpressions;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// No Docker engine runs here, so docker-compose.yml is pinned the way the Dockerfile is: the replicas' environment is
/// read out of the file (its variables filled with sample values) and the real host validates it on top of the image's
/// settings.
/// </summary>
public sealed partial class ComposeFileTests
{
    [Fact]
    public void ReplicaEnvironment_Validates_AndSharesDatabaseAndKeyRing()
    {
        var environment = ReplicaEnvironment();

        Assert.Equal("PostgreSQL", environment["Storage__Provider"]);
        Assert.Equal("Database", environment["Storage__KeyRing"]);
        Assert.Equal("Webhook", environment["Telegram__Mode"]);

        using var folder = new TempDirectory();
        var settings = RunningBot.BaseSettings(folder);
        foreach (var (key, value) in environment)
        {
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        }

        using var app = RunningBot.Build(settings);
        app.ValidateConfiguration();
    }

    [Fact]
    public void BothReplicas_UseTheSameSettings_AndTheProxyReachesBoth()
    {
        var compose = File.ReadAllText(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        var caddy = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "scale-out", "Caddyfile"));

        Assert.Matches(@"(?m)^  bot-1:\n    <<: \*bot$", compose);
        Assert.Matches(@"(?m)^  bot-2:\n    <<: \*bot$", compose);
        Assert.Contains("reverse_proxy bot-1:8080 bot-2:8080", caddy, StringComparison.Ordinal);
        Assert.Contains("health_uri /healthz", caddy, StringComparison.Ordinal);
    }

    /// <summary>The <c>environment</c> of the <c>x-bot</c> block, with <c>${VAR…}</c> replaced by sample values.</summary>
    private static Dictionary<string, string> ReplicaEnvironment()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docker-compose.yml"));
        var start = Array.FindIndex(lines, line => line.TrimStart().StartsWith("environment: &bot-environment", StringComparison.Ordinal));
        Assert.True(start >= 0, "docker-compose.yml has no x-bot environment");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var value = Variable().Replace(line[(colon + 1)..].Trim(), match => Sample(match.Groups[1].Value));
            environment[line[..colon].Trim()] = value;
        }

        return environment;
    }

    private static string Sample(string variable) => variable switch
    {
        "BOT_DOMAIN" => "bot.example.com",
        "POSTGRES_PASSWORD" => "sample-password",
        "TELEGRAM_BOT_TOKEN" => "123456789:AAEfakefakefakefakefakefakefakefake",
        "TELEGRAM_WEBHOOK_SECRET" => "sample_secret",
        _ => string.Empty,
    };

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "LinkedInBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }

    [GeneratedRegex(@"\$\{([A-Z_]+)(?::[?-][^}]*)?\}")]
    private static partial Regex Variable();
}
