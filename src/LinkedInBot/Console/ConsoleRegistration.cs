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

        // Standard output carries the chat only (a piped test or script reads it).
        services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        // Log lines would land between the chat's lines (stderr is the same terminal): they go to console.log in the
        // data folder, which the banner names. Logging:Console:LogLevel, set on purpose, keeps them on stderr instead.
        if (!builder.Configuration.GetSection("Logging:Console:LogLevel").Exists())
        {
            var logFile = new ConsoleLogFile(ConsoleLogFile.PathFor(builder.Configuration));
            foreach (var console in services.Where(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider)).ToList())
            {
                services.Remove(console);
            }

            services.AddSingleton(logFile);
            builder.Logging.AddProvider(logFile);
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
