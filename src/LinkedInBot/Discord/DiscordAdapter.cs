using LinkedInBot.Core;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Discord;

/// <summary>Registers the Discord adapter (HTTP interactions, no gateway) when <c>Discord:*</c> is configured.</summary>
public static class DiscordAdapter
{
    /// <summary>How Discord users spell the two commands every refusal points to.</summary>
    internal const string LinkCommand = "/linkedin link";

    internal const string PostCommand = "/linkedin post";

    public static WebApplicationBuilder AddDiscordAdapter(this WebApplicationBuilder builder)
    {
        if (!DiscordOptions.IsConfigured(builder.Configuration))
        {
            return builder;
        }

        var services = builder.Services;
        services.AddOptions<DiscordOptions>().Bind(builder.Configuration.GetSection(DiscordOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DiscordOptions>, DiscordOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // Follow-up URLs hold interaction tokens and CDN URLs are signed: the factory's default request logging
        // (full URLs) must not see them, whatever the host does for other clients.
        services.AddHttpClient(DiscordRestClient.HttpClientName, client =>
            {
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", DiscordRestClient.UserAgent);
            })
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(resilience =>
            {
                // PATCH/POST/PUT retries are DiscordRestClient's own, knowing which of them are safe to repeat.
                resilience.Retry.DisableForUnsafeHttpMethods();
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(10);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(30);
            });
        services.AddHttpClient(ImageAttachments.HttpClientName, client =>
            {
                client.DefaultRequestHeaders.TryAddWithoutValidation("User-Agent", DiscordRestClient.UserAgent);
            })
            .RemoveAllLoggers()
            .AddStandardResilienceHandler(resilience =>
            {
                // Up to 20 MB from the CDN: give a slow link time. These end once the headers are in; the body's
                // transfer is bounded by ImageAttachments.TransferTimeout.
                resilience.AttemptTimeout.Timeout = TimeSpan.FromSeconds(30);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(90);
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(60);
            });

        services.AddSingleton<DiscordAdapterMarker>();
        services.AddSingleton<DiscordSignatureVerifier>();
        services.AddSingleton<DiscordReplayGuard>();
        services.AddSingleton<FinishLinkingForm>();
        services.AddSingleton<DiscordReplyContext>();
        services.AddSingleton<DiscordRestClient>();
        services.AddSingleton<ImageAttachments>();
        services.AddSingleton<DiscordVideos>();
        services.AddSingleton<SharedImageCache>();
        services.AddSingleton<DiscordBackgroundWork>();
        services.AddSingleton<InteractionOrigins>();
        services.AddSingleton<InteractionChannels>();
        services.AddSingleton<DiscordChatBridge>();
        services.AddSingleton<DiscordMedia>();
        services.AddSingleton<IChatMediaSource>(provider => provider.GetRequiredService<DiscordMedia>());
        services.AddSingleton<LinkedInSlashCommand>();
        services.AddSingleton<ShareToLinkedIn>();
        services.AddSingleton<DiscordConfirmButtons>();
        services.AddSingleton<DiscordButtons>();
        services.AddSingleton<DiscordInteractionDispatcher>();
        services.AddSingleton<DiscordInteractionEndpoint>();
        services.AddSingleton<IChatNotifier, DiscordChatNotifier>();
        services.AddSingleton(new CommandNames(
            InteractionOrigin.Platform,
            LinkCommand,
            PostCommand,
            "/linkedin unlink",
            "/linkedin status",
            "/linkedin post text:<your text> image:<optional picture> — publish; or right-click a message → Apps → Share to LinkedIn",
            "/linkedin link code:{code}",
            "/linkedin forget",
            "/linkedin forget confirm:yes")
        {
            Delete = "/linkedin delete",
            Edit = "/linkedin edit",
            Posts = "/linkedin posts",
            Schedule = "/linkedin schedule",
            TimeZone = "/linkedin timezone",
            Queue = "/linkedin queue",
            Cancel = "/linkedin cancel",
            Draft = "/linkedin draft",
            Settings = "/linkedin settings",
            Pages = "/linkedin pages",
            As = "/linkedin as",
            Approval = "/linkedin approval",
            AsSyntax = "{command} page:{page}",
            NumberSyntax = "{command} number:{n}",
            LocalTimeSyntax = "<t:{unix}:F> (<t:{unix}:R>)",
            HasButtons = true,
        });
        services.AddHostedService<DiscordCommandRegistration>();
        return builder;
    }

    public static WebApplication MapDiscordInteractions(this WebApplication app)
    {
        if (app.Services.GetService<DiscordAdapterMarker>() is null)
        {
            return app;
        }

        app.MapPost(DiscordInteractionEndpoint.Path, (HttpContext context, DiscordInteractionEndpoint endpoint) => endpoint.HandleAsync(context))
            .DisableAntiforgery()
            .WithName("DiscordInteractions");
        return app;
    }
}

/// <summary>Registered only when the adapter is on, so mapping can tell without building anything.</summary>
internal sealed class DiscordAdapterMarker;
