using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// A missing or invalid setting stops the bot before it starts, with one failure per problem that names the key
/// and says how to fix it (Program.cs prints each as "Configuration error: …").
/// </summary>
public sealed class StartupValidationTests : IDisposable
{
    private const string ValidDiscordPublicKey = "b6a9d84f2c1e0a7e5d3c9b8a7f6e5d4c3b2a19087f6e5d4c3b2a1908f7e6d5c4";

    private const string TelegramBotToken = "123456789:AAEfakefakefakefakefakefakefakefake";

    private readonly TempDirectory _folder = new();

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "Bot:PublicBaseUrl", "bot.example.com", "Bot:PublicBaseUrl" },
        { "Bot:PublicBaseUrl", "ftp://bot.example.com", "Bot:PublicBaseUrl" },
        { "LinkedIn:ApiVersion", "2026-10", "LinkedIn:ApiVersion" },
        { "LinkedIn:ApiBaseUrl", "api.linkedin.com", "LinkedIn:ApiBaseUrl" },
        { "LinkedIn:AuthBaseUrl", "/oauth/v2", "LinkedIn:AuthBaseUrl" },
        { "LinkedIn:Resilience:MaxRetryAttempts", "50", "LinkedIn:Resilience:MaxRetryAttempts" },
        { "Storage:ConnectionString", "Data Source=:memory:", "Storage:ConnectionString" },
        { "Storage:ConnectionString", "Data Source=bot;Mode=Memory;Cache=Shared", "Storage:ConnectionString" },
        { "Storage:Provider", "Postgres", "Storage:Provider" },
        { "Storage:Provider", "7", "Storage:Provider" },
        { "Storage:KeyRing", "Vault", "Storage:KeyRing" },
        { "Bot:DefaultTimeZone", "Berlin", "Bot:DefaultTimeZone" },
        { "Bot:DefaultTimeZone", "Mars/Olympus_Mons", "Bot:DefaultTimeZone" },
        { "Bot:MaxScheduleAhead", "-1.00:00:00", "Bot:MaxScheduleAhead" },
        { "Bot:LateScheduleLimit", "-00:00:01", "Bot:LateScheduleLimit" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_WithAnInvalidSetting_FailsNamingTheKey(string key, string value, string named)
    {
        var failures = FailuresFor(new() { [key] = value });

        var failure = Assert.Single(failures);
        Assert.Contains(named, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientIdWithoutClientSecret_AsksForTheSecret()
    {
        var failures = FailuresFor(new() { ["LinkedIn:ClientSecret"] = string.Empty });

        var failure = Assert.Single(failures);
        Assert.Contains("LinkedIn:ClientSecret", failure, StringComparison.Ordinal);
        Assert.Contains("LinkedIn:ClientId", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_BadSettingsInSeveralSections_ReportsEachInOneException()
    {
        var failures = FailuresFor(new()
        {
            ["Bot:PublicBaseUrl"] = "not a url",
            ["LinkedIn:ClientSecret"] = string.Empty,
            ["LinkedIn:ApiVersion"] = "latest",
        });

        Assert.Equal(3, failures.Count);
        Assert.Contains(failures, f => f.Contains("Bot:PublicBaseUrl", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LinkedIn:ClientSecret", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("LinkedIn:ApiVersion", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WebhookModeWithoutSecret_AsksForTheWebhookSecret()
    {
        var failures = FailuresFor(new()
        {
            ["Telegram:BotToken"] = TelegramBotToken,
            ["Telegram:Mode"] = "Webhook",
            ["Bot:PublicBaseUrl"] = "https://bot.example.com",
        });

        var failure = Assert.Single(failures);
        Assert.Contains("Telegram:WebhookSecret", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a token")]
    [InlineData("AAEfakefakefake")]
    public void Validate_MalformedTelegramBotToken_NamesTheKeyButNotTheToken(string token)
    {
        var failures = FailuresFor(new() { ["Telegram:BotToken"] = token });

        var failure = Assert.Single(failures);
        Assert.Contains("Telegram:BotToken", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(token, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WebhookModeWithASecret_Passes()
    {
        Assert.Empty(FailuresFor(new()
        {
            ["Telegram:BotToken"] = TelegramBotToken,
            ["Telegram:Mode"] = "Webhook",
            ["Telegram:WebhookSecret"] = "b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6",
            ["Bot:PublicBaseUrl"] = "https://bot.example.com",
        }));
    }

    [Theory]
    [InlineData("Data Source=data/linkedinbot.db")]
    [InlineData("Port=5432;Database=bot;Password=pg-pass-6d1f0b")]
    [InlineData("Host=db;Password=pg-pass-6d1f0b;Colour=blue")]
    public void Validate_PostgreSQLWithoutAUsableConnectionString_NamesTheKeyButNotThePassword(string connectionString)
    {
        var failures = FailuresFor(new() { ["Storage:Provider"] = "PostgreSQL", ["Storage:ConnectionString"] = connectionString });

        var failure = Assert.Single(failures);
        Assert.Contains("Storage:ConnectionString", failure, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("pg-pass-6d1f0b", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PostgreSQLWithAServerConnectionString_Passes()
    {
        Assert.Empty(FailuresFor(new()
        {
            ["Storage:Provider"] = "PostgreSQL",
            ["Storage:ConnectionString"] = "Host=db.internal;Database=linkedinbot;Username=bot;Password=pg-pass-6d1f0b",
            ["Storage:KeyRing"] = "Database",
        }));
    }

    [Fact]
    public void Validate_DiscordApplicationIdWithoutPublicKey_AsksForThePublicKey()
    {
        var failures = FailuresFor(new() { ["Discord:ApplicationId"] = "1234567890123456789" });

        var failure = Assert.Single(failures);
        Assert.Contains("Discord:PublicKey", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-hex-at-all")]
    [InlineData("b6a9d84f2c1e0a7e5d3c9b8a7f6e5d4c")]
    [InlineData("zz" + "a9d84f2c1e0a7e5d3c9b8a7f6e5d4c3b2a19087f6e5d4c3b2a1908f7e6d5c4")]
    public void Validate_DiscordPublicKeyNot64Hex_NamesThePublicKey(string publicKey)
    {
        var failures = FailuresFor(new()
        {
            ["Discord:ApplicationId"] = "1234567890123456789",
            ["Discord:PublicKey"] = publicKey,
        });

        var failure = Assert.Single(failures);
        Assert.Contains("Discord:PublicKey", failure, StringComparison.Ordinal);
        Assert.Contains("64", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CompleteDiscordSettings_Pass()
    {
        Assert.Empty(FailuresFor(new()
        {
            ["Discord:ApplicationId"] = "1234567890123456789",
            ["Discord:PublicKey"] = ValidDiscordPublicKey,
        }));
    }

    [Fact]
    public void Validate_Defaults_PassWithTheSandbox()
    {
        Assert.Empty(FailuresFor(new() { ["LinkedIn:ClientId"] = string.Empty, ["LinkedIn:ClientSecret"] = string.Empty }));
    }

    [Fact]
    public void Validate_AConfiguredLinkedInApp_Passes()
    {
        Assert.Empty(FailuresFor([]));
    }

    public void Dispose() => _folder.Dispose();

    /// <summary>
    /// The failure messages of <c>ValidateConfiguration</c> (empty when it passes), for a bot with a LinkedIn app
    /// configured: without one the sandbox stands in, and it overrides the LinkedIn URLs.
    /// </summary>
    private IReadOnlyList<string> FailuresFor(Dictionary<string, string?> overrides)
    {
        var settings = RunningBot.BaseSettings(_folder);
        settings["LinkedIn:ClientId"] = "86abcdef123456";
        settings["LinkedIn:ClientSecret"] = "validation-test-secret";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        using var app = RunningBot.Build(settings);
        try
        {
            app.ValidateConfiguration();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return [.. ex.Failures];
        }
    }
}
