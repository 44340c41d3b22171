using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using LinkedInBot.Discord;
using LinkedInBot.Telegram;
using Microsoft.Extensions.Options;

namespace LinkedInBot.ConsoleChat;

/// <summary>Registers the console chat adapter (platform "console").</summary>
public static class ConsoleRegistration
{
    public const string EnabledKey = "Console:Enabled";

    /// <summary>The slash commands, with the console's way to attach an image in the help text.</summary>
    public static readonly CommandNames ConsoleCommands = CommandNames.Slash(ConsoleChatNotifier.PlatformName) with
    {
        PostUsage = "/post <text> — publish text; /post --image photo.jpg <text> publishes a JPEG, PNG or GIF with it",
    };

    /// <summary>
    /// Adds the console chat when <c>Console:Enabled=true</c>, or when it is unset and neither Telegram
    /// (<c>Telegram:BotToken</c>) nor Discord (<c>Discord:ApplicationId</c> or <c>PublicKey</c>) is configured — so a first run
    /// with no configuration is a working bot.
    /// </summary>
    public static WebApplicationBuilder AddConsoleAdapter(this WebApplicationBuilder builder)
    {
        if (!IsEnabled(builder.Configuration))
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(_ => ConsoleTerminal.Standard());
        services.TryAddSingleton<ConsoleRequests>();
        services.TryAddSingleton<ConsoleReplyWriter>();
        services.TryAddSingleton<ConsoleBanner>();
        services.AddSingleton<IChatNotifier, ConsoleChatNotifier>();
        services.AddSingleton<IChatMediaSource, ConsoleMedia>();
        services.AddSingleton(ConsoleCommands);
        services.AddHostedService<ConsoleChatService>();

        // Standard output carries the chat only (a piped test or script reads it); every log line goes to stderr.
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Request and start-up lines would scroll the chat away in a terminal; the banner says what they said.
        // Logging:Console:LogLevel brings them back.
        if (!builder.Configuration.GetSection("Logging:Console:LogLevel").Exists())
        {
            builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);

            // "No XML encryptor configured": expected on Linux, explained in docs/security.md; not a newcomer's concern.
            builder.Logging.AddFilter<ConsoleLoggerProvider>("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
        }

        return builder;
    }

    public static bool IsEnabled(IConfiguration configuration)
    {
        var setting = configuration[EnabledKey];
        if (!string.IsNullOrWhiteSpace(setting))
        {
            return bool.TryParse(setting, out var enabled)
                ? enabled
                : throw new OptionsValidationException(EnabledKey, typeof(bool), [$"{EnabledKey} must be true or false (it is \"{setting}\")."]);
        }

        return string.IsNullOrWhiteSpace(configuration[$"{TelegramOptions.Section}:{nameof(TelegramOptions.BotToken)}"])
            && !DiscordOptions.IsConfigured(configuration);
    }
}
