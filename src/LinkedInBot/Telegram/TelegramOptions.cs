using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Telegram;

/// <summary>How updates reach the bot.</summary>
public enum TelegramMode
{
    /// <summary>The bot long-polls getUpdates; works behind NAT, no public URL needed.</summary>
    Polling,

    /// <summary>Telegram POSTs updates to <c>{Bot:PublicBaseUrl}/telegram/webhook</c>.</summary>
    Webhook,
}

/// <summary><c>Telegram:*</c> — the Telegram adapter. The adapter is on when <see cref="BotToken"/> is set.</summary>
public sealed class TelegramOptions
{
    public const string Section = "Telegram";

    /// <summary>The token from @BotFather (<c>123456:ABC…</c>). It is part of every request URL: never logged.</summary>
    public string BotToken { get; set; } = string.Empty;

    /// <summary>The Bot API server. Telegram.Bot keeps only scheme://host:port of it.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    public TelegramMode Mode { get; set; } = TelegramMode.Polling;

    /// <summary>Webhook mode: Telegram sends it back in <c>X-Telegram-Bot-Api-Secret-Token</c> on every delivery.</summary>
    public string WebhookSecret { get; set; } = string.Empty;

    // Tuning knobs for tests and the benchmark, deliberately not bound from configuration.
    internal int PollTimeoutSeconds { get; set; } = 50;

    internal TimeSpan PollErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one Bot API call (other than a long poll) may take until its answer has arrived in full.</summary>
    internal TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long fetching an image (getFile and the download of up to 20 MB) may take.</summary>
    internal TimeSpan DownloadTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a streamed file (a video, paced by its upload to LinkedIn) may take: 500 MB at 3 Mbit/s is 23 minutes.
    /// </summary>
    internal TimeSpan StreamTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// A private chat gets the help for a message that is not a command at most this often: forwarding fifty
    /// messages to the bot earns one answer, not fifty (paced at one a second, they would hold the chat a minute).
    /// </summary>
    internal TimeSpan UnrecognizedMessageHelpInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An album (media group) is complete once no item of it has come for this long: Telegram sends its items as
    /// separate messages with no end marker (reference: telegram-bot-api.md §4, "about 2 s").
    /// </summary>
    internal TimeSpan AlbumQuietPeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>"typing…" appears once a post has taken this long.</summary>
    internal TimeSpan TypingDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    internal TimeSpan MaxPollErrorBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Waits for a Bot API error with no retry_after (5xx, network) before sending again.</summary>
    internal TimeSpan SendErrorBackoff { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Checks <see cref="TelegramOptions"/> at start-up with messages that name the configuration key.</summary>
internal sealed partial class TelegramOptionsValidation : IValidateOptions<TelegramOptions>
{
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        var errors = new List<string>();
        if (!TokenShape().IsMatch(options.BotToken))
        {
            // Never echo the token itself.
            errors.Add("Telegram:BotToken must look like 123456789:AAE… (the token @BotFather gave you).");
        }

        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && api.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add("Telegram:ApiBaseUrl must be an absolute http(s) URL, for example https://api.telegram.org.");
        }

        if (options.Mode == TelegramMode.Webhook)
        {
            if (string.IsNullOrEmpty(options.WebhookSecret))
            {
                errors.Add("Telegram:WebhookSecret is required when Telegram:Mode is Webhook (1-256 characters of A-Z a-z 0-9 _ -).");
            }
            else if (!SecretShape().IsMatch(options.WebhookSecret))
            {
                errors.Add("Telegram:WebhookSecret must be 1-256 characters of A-Z a-z 0-9 _ - (Telegram's rule for secret_token).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex(@"^\d+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenShape();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();
}
