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
        if (string.IsNullOrWhiteSpace(section[nameof(TelegramOptions.BotToken)]))
        {
            return builder;
        }

        var mode = ModeOf(section[nameof(TelegramOptions.Mode)]);
        var services = builder.Services;
        services.AddOptions<TelegramOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidation>();
        services.TryAddSingleton(TimeProvider.System);

        // The host must wait longer than the drain, or it abandons the confirmation of handled updates and
        // Telegram delivers them again.
        // Read raw here (not through the validated options, whose failures belong to ValidateConfiguration).
        var grace = TimeSpan.TryParse(section[nameof(TelegramOptions.ShutdownGracePeriod)], CultureInfo.InvariantCulture, out var configured) && configured > TimeSpan.Zero
            ? configured
            : new TelegramOptions().ShutdownGracePeriod;
        services.AddStopTime(grace + TimeSpan.FromSeconds(15));

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
        services.AddSingleton<TelegramRequestMapper>();
        services.AddSingleton<TelegramUpdateHandler>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var handler = sp.GetRequiredService<TelegramUpdateHandler>();
            return new TelegramUpdateDispatcher(
                handler.HandleAsync,
                settings.MaxConcurrentChats,
                settings.MaxPendingUpdates,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<TelegramUpdateDispatcher>());
        });
        services.AddSingleton<IChatNotifier, TelegramNotifier>();
        services.AddSingleton(CommandNames.Slash(Platform));

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

    /// <summary>Read here because it decides what gets registered; a typo stops start-up with a line naming the key.</summary>
    private static TelegramMode ModeOf(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return TelegramMode.Polling;
        }

        return Enum.TryParse<TelegramMode>(configured, ignoreCase: true, out var mode) && Enum.IsDefined(mode)
            ? mode
            : throw new OptionsValidationException(
                TelegramOptions.Section,
                typeof(TelegramOptions),
                [$"Telegram:Mode must be Polling or Webhook, not '{configured}'."]);
    }

    private sealed record TelegramAdapterMode(TelegramMode Mode);
}
