using LinkedInBot.Core;
using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace LinkedInBot.Telegram;

/// <summary>Registers the Telegram adapter: on when <c>Telegram:BotToken</c> is set.</summary>
public static class TelegramAdapter
{
    public const string Platform = "telegram";

    public static WebApplicationBuilder AddTelegramAdapter(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelegramOptions.Section);

        // Checked with or without a token: a typo is a mistake either way, and would otherwise surface only the day the
        // token is set.
        var configuredMode = ModeOf(builder.Services, section[nameof(TelegramOptions.Mode)]);
        CheckMovedSettingValues(builder.Services, section);
        if (string.IsNullOrWhiteSpace(section[nameof(TelegramOptions.BotToken)]) || configuredMode is not { } mode)
        {
            // Without a usable mode the start stops at validation; binding TelegramOptions would only repeat the problem
            // in the framework's words.
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<TelegramOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);

        WarnAboutMovedSettings(builder, section);

        // No standard resilience handler here: its 30 s total timeout would kill every 50 s long poll, and
        // its retries would resend non-idempotent calls. Both clients log nothing: their URLs carry the token.
        services.AddHttpClient(TelegramClients.PollingHttpClient, (sp, http) =>
                http.Timeout = TimeSpan.FromSeconds(sp.GetRequiredService<IOptions<TelegramOptions>>().Value.PollTimeoutSeconds + 20))
            .RemoveAllLoggers();
        // The resilience timeout ends at the response headers; the client's own timeout also bounds reading the
        // body, which a stalled connection would otherwise hold (and its chat) forever. A little later, so a slow
        // start is still reported by the resilience timeout. File downloads stream past both: TelegramFiles
        // bounds them itself.
        services.AddHttpClient(TelegramClients.ApiHttpClient, (sp, http) =>
                http.Timeout = sp.GetRequiredService<IOptions<TelegramOptions>>().Value.ApiTimeout + TimeSpan.FromSeconds(5))
            .RemoveAllLoggers()
            .AddResilienceHandler("telegram-api", (pipeline, context) =>
            {
                // Only a timeout: a retried sendMessage that did arrive would post the reply twice, and 429s are
                // answered with Telegram's own retry_after in TelegramReplyDelivery.
                pipeline.AddTimeout(context.ServiceProvider.GetRequiredService<IOptions<TelegramOptions>>().Value.ApiTimeout);
            });

        services.AddSingleton<TelegramAdapterMode>(new TelegramAdapterMode(mode));
        services.AddSingleton<TelegramClients>();
        services.AddSingleton<TelegramBotIdentity>();
        services.AddSingleton<LinkedInBot.Core.Linking.ILinkCodeShortcut, TelegramLinkCodeShortcut>();
        services.AddSingleton<TelegramBotSetup>();
        services.AddSingleton<TelegramChatPacer>();
        services.AddSingleton<TelegramReplyDelivery>();
        services.AddSingleton<TelegramReplySender>();
        services.AddSingleton<TelegramFiles>();
        services.TryAddSingleton<TelegramRequestMapper>();
        services.AddSingleton<TelegramUpdateIntake>();
        services.AddSingleton<TelegramConfirmButtons>();
        services.AddSingleton<IChatMediaSource>(sp => sp.GetRequiredService<TelegramFiles>());
        services.AddSingleton<IChatAdmins, TelegramChatAdmins>();
        services.AddSingleton<IChatNotifier, TelegramNotifier>();
        services.AddSingleton(CommandNames.Slash(Platform) with { RepliesToMessages = true, HasButtons = true });

        if (mode == TelegramMode.Webhook)
        {
            services.AddHostedService<TelegramWebhookRegistration>();
        }
        else
        {
            services.AddHostedService<TelegramPolling>();
        }

        return builder;
    }

    /// <summary>Maps <c>POST /telegram/webhook</c> when the adapter runs in webhook mode.</summary>
    public static WebApplication MapTelegramWebhook(this WebApplication app)
    {
        if (app.Services.GetService<TelegramAdapterMode>() is { Mode: TelegramMode.Webhook })
        {
            app.MapPost(TelegramWebhook.Path, TelegramWebhook.HandleAsync);
        }

        return app;
    }

    /// <summary>
    /// Telegram:MaxConcurrentChats and Telegram:ShutdownGracePeriod became Bot:* settings when every adapter moved onto
    /// one job runtime. The old keys keep working (when the new one is not set) with a start-up warning naming the new key.
    /// </summary>
    private static void WarnAboutMovedSettings(WebApplicationBuilder builder, IConfigurationSection section)
    {
        var moved = new List<string>();
        if (section["MaxConcurrentChats"] is { Length: > 0 } chats)
        {
            moved.Add("Telegram:MaxConcurrentChats is now Bot:MaxConcurrentChats (it counts chats on every platform): rename it in your configuration.");
            if (string.IsNullOrEmpty(builder.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.MaxConcurrentChats)}"])
                && int.TryParse(chats, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
            {
                builder.Services.Configure<BotOptions>(bot => bot.MaxConcurrentChats = value);
            }
        }

        if (section["ShutdownGracePeriod"] is { Length: > 0 } grace)
        {
            moved.Add("Telegram:ShutdownGracePeriod is now Bot:ShutdownGracePeriod (one shutdown policy for every platform): rename it in your configuration.");
            if (string.IsNullOrEmpty(builder.Configuration[$"{BotOptions.Section}:{nameof(BotOptions.ShutdownGracePeriod)}"])
                && TimeSpan.TryParse(grace, CultureInfo.InvariantCulture, out var value))
            {
                builder.Services.Configure<BotOptions>(bot => bot.ShutdownGracePeriod = value);
            }
        }

        if (section["MaxPendingUpdates"] is { Length: > 0 })
        {
            moved.Add("Telegram:MaxPendingUpdates is no longer used (received updates wait in the database): remove it from your configuration.");
        }

        if (moved.Count > 0)
        {
            builder.Services.AddHostedService(provider => new MovedSettingsWarning(
                moved,
                provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TelegramAdapter))));
        }
    }

    private sealed class MovedSettingsWarning(IReadOnlyList<string> moved, ILogger logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var line in moved)
            {
                logger.LogWarning("{Setting}", line);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>Read here because it decides what gets registered; a typo stops start-up with a line naming the key.</summary>
    private static TelegramMode? ModeOf(IServiceCollection services, string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return TelegramMode.Polling;
        }

        if (Enum.TryParse<TelegramMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode) && !int.TryParse(configured, CultureInfo.InvariantCulture, out _))
        {
            return mode;
        }

        services.AddConfigurationProblem($"Telegram:Mode must be Polling or Webhook, not '{configured}'.");
        return null;
    }

    /// <summary>The moved keys still work, so a value that cannot be read is a configuration error like any other.</summary>
    private static void CheckMovedSettingValues(IServiceCollection services, IConfigurationSection section)
    {
        if (section["MaxConcurrentChats"] is { Length: > 0 } chats
            && !(int.TryParse(chats, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= 1000))
        {
            services.AddConfigurationProblem(
                $"Telegram:MaxConcurrentChats must be a whole number from 1 to 1000, not '{chats}' (better: remove it and set Bot:MaxConcurrentChats, which replaces it).");
        }

        if (section["ShutdownGracePeriod"] is { Length: > 0 } grace
            && !(TimeSpan.TryParse(grace, CultureInfo.InvariantCulture, out var period) && period >= TimeSpan.Zero))
        {
            services.AddConfigurationProblem(
                $"Telegram:ShutdownGracePeriod must be a duration written hh:mm:ss such as 00:00:20, not '{grace}' (better: remove it and set Bot:ShutdownGracePeriod, which replaces it).");
        }
    }

    private sealed record TelegramAdapterMode(TelegramMode Mode);
}
