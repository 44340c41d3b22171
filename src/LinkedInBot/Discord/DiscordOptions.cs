using System.Globalization;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Discord;

/// <summary>
/// <c>Discord:*</c> — the Discord application. The adapter is on when <see cref="ApplicationId"/> and
/// <see cref="PublicKey"/> are set; setting only one of them fails start-up.
/// </summary>
public sealed class DiscordOptions
{
    public const string Section = "Discord";

    /// <summary>The application id (Developer Portal → General Information). Needed for follow-ups and registration.</summary>
    public string ApplicationId { get; set; } = string.Empty;

    /// <summary>The application's Ed25519 public key, 64 hex characters. Every interaction is checked against it.</summary>
    public string PublicKey { get; set; } = string.Empty;

    /// <summary>Optional. Only used to register the slash and message commands at start-up. Never logged.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>Optional. Register the commands to this guild only: they appear at once, global ones may take a while.</summary>
    public string GuildId { get; set; } = string.Empty;

    /// <summary>Base of the REST API (follow-ups, command registration).</summary>
    public string ApiBaseUrl { get; set; } = "https://discord.com/api/v10";

    /// <summary>True when either identifying key is present; <see cref="DiscordOptionsValidator"/> insists on both.</summary>
    internal static bool IsConfigured(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return !string.IsNullOrWhiteSpace(section[nameof(ApplicationId)])
            || !string.IsNullOrWhiteSpace(section[nameof(PublicKey)]);
    }

    internal Uri ApiBase => new(ApiBaseUrl.TrimEnd('/') + "/");
}

/// <summary>Start-up checks whose messages name the key to fix.</summary>
internal sealed class DiscordOptionsValidator : IValidateOptions<DiscordOptions>
{
    public ValidateOptionsResult Validate(string? name, DiscordOptions options)
    {
        var failures = new List<string>();
        var hasId = !string.IsNullOrWhiteSpace(options.ApplicationId);
        var hasKey = !string.IsNullOrWhiteSpace(options.PublicKey);
        if (hasId && !hasKey)
        {
            failures.Add("Discord:PublicKey is missing: Discord:ApplicationId is set, so the Discord adapter needs the application's public key "
                + "(Developer Portal → General Information → Public Key), or remove Discord:ApplicationId to turn Discord off.");
        }
        else if (hasKey && !hasId)
        {
            failures.Add("Discord:ApplicationId is missing: Discord:PublicKey is set, so the Discord adapter needs the application id "
                + "(Developer Portal → General Information → Application ID), or remove Discord:PublicKey to turn Discord off.");
        }

        if (hasKey && !DiscordSignatureVerifier.TryImportPublicKey(options.PublicKey, out _))
        {
            failures.Add("Discord:PublicKey must be the 64 hexadecimal characters shown as Public Key in the Developer Portal.");
        }

        if (hasId && !IsSnowflake(options.ApplicationId))
        {
            failures.Add("Discord:ApplicationId must be the numeric Application ID from the Developer Portal.");
        }

        if (!string.IsNullOrWhiteSpace(options.GuildId) && !IsSnowflake(options.GuildId))
        {
            failures.Add("Discord:GuildId must be a numeric server id (right-click the server → Copy Server ID), or empty.");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add("Discord:ApiBaseUrl must be an absolute http(s) URL such as https://discord.com/api/v10.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static bool IsSnowflake(string value) =>
        value.Length is > 0 and <= 20 && ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _);
}
