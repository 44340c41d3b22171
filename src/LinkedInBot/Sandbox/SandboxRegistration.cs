using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The LinkedIn sandbox: when no LinkedIn app is configured (<see cref="LinkedInOptions.IsSandbox"/>), the host
/// itself emulates the LinkedIn endpoints under <c>/sandbox/linkedin/</c> and the real LinkedIn client is
/// pointed at them, so a first run goes through the production code path and publishes nothing.
/// </summary>
public static class SandboxRegistration
{
    public const string BasePath = "/sandbox/linkedin";

    /// <summary>Registers the sandbox when <c>LinkedIn:ClientId</c> is empty; does nothing otherwise.</summary>
    public static WebApplicationBuilder AddLinkedInSandbox(this WebApplicationBuilder builder)
    {
        if (!string.IsNullOrWhiteSpace(builder.Configuration[$"{LinkedInOptions.Section}:{nameof(LinkedInOptions.ClientId)}"]))
        {
            return builder;
        }

        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxLinkedIn>();
        services.TryAddSingleton<SandboxState>();
        services.TryAddSingleton<SandboxVideos>();
        services.AddHostedService<SandboxStateLoader>();
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        services.AddHostedService<SandboxAnnouncement>();

        // Registered before AddLinkedInClient's default: a linkedin.com link to a sandbox post leads nowhere.
        services.TryAddSingleton<ILinkedInPostLinks, SandboxPostLinks>();
        services.AddOptions<BotOptions>().BindConfiguration(BotOptions.Section);

        // ClientId stays empty on purpose: IsSandbox keeps meaning "nothing real configured" everywhere.
        services.AddOptions<LinkedInOptions>().PostConfigure<IOptions<BotOptions>, SandboxLinkedIn>((linkedIn, bot, emulator) =>
        {
            if (!linkedIn.IsSandbox)
            {
                return;
            }

            var sandbox = SandboxBase(bot.Value);
            linkedIn.AuthBaseUrl = sandbox + "/oauth/v2";
            linkedIn.ApiBaseUrl = sandbox;
            linkedIn.UseSandboxCredentials(emulator.ClientId, emulator.ClientSecret);
        });
        return builder;
    }

    /// <summary>Maps the sandbox endpoints and the feed page when <see cref="AddLinkedInSandbox"/> registered the sandbox.</summary>
    public static WebApplication MapLinkedInSandbox(this WebApplication app)
    {
        if (app.Services.GetService<SandboxLinkedIn>() is null)
        {
            return app;
        }

        var sandbox = app.MapGroup(BasePath).ExcludeFromDescription().AddEndpointFilter(SandboxAccess.LoopbackUnlessAllowedAsync);

        // A malformed or oversized form is the caller's mistake: 400, like LinkedIn, not a 500.
        sandbox.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException)
            {
                return Results.BadRequest(new { error = "invalid_request", error_description = "The request body could not be read." });
            }
        });
        SandboxOAuthEndpoints.Map(sandbox.MapGroup("/oauth/v2"));
        SandboxApiEndpoints.Map(sandbox);
        SandboxVideoEndpoints.Map(sandbox);
        app.MapGet(SandboxFeedPage.Path, SandboxFeedPage.Show).ExcludeFromDescription().AddEndpointFilter(SandboxAccess.LoopbackUnlessAllowedAsync);

        return app;
    }

    /// <summary>The sandbox's base URL as the LinkedIn client and the browser reach it.</summary>
    public static string SandboxBase(BotOptions bot) => bot.PublicBaseUrl.TrimEnd('/') + BasePath;

    /// <summary>The feed page, optionally scrolled to one post.</summary>
    public static Uri FeedUrl(BotOptions bot, string? postUrn = null) =>
        new(bot.PublicBaseUrl.TrimEnd('/') + SandboxFeedPage.Path + (postUrn is null ? string.Empty : "#" + SandboxFeedPage.Anchor(postUrn)));
}

/// <summary>A sandbox post opens on the sandbox feed, scrolled to that post.</summary>
internal sealed class SandboxPostLinks(IOptions<BotOptions> bot) : ILinkedInPostLinks
{
    public Uri For(string postUrn) => SandboxRegistration.FeedUrl(bot.Value, postUrn);
}

/// <summary>
/// The loud "SANDBOX" warning, logged as the host starts (after the settings were validated, so a bad
/// <c>Bot:PublicBaseUrl</c> is reported with every other problem instead of failing here) and before the console
/// prints its banner.
/// </summary>
internal sealed class SandboxAnnouncement(IOptions<BotOptions> bot, IOptions<SandboxOptions> sandbox, IConfiguration configuration, ILoggerFactory loggers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger("LinkedInBot.Sandbox");

        // The console chat's banner says the same right above the chat: logged again it would only interleave with it.
        var level = ConsoleChat.ConsoleRegistration.IsEnabled(configuration) ? LogLevel.Information : LogLevel.Warning;
        logger.Log(
            level,
            "SANDBOX — nothing is published to LinkedIn. LinkedIn:ClientId is empty, so the built-in LinkedIn sandbox at {SandboxUrl} answers instead; posts appear on {FeedUrl}. Set LinkedIn:ClientId and LinkedIn:ClientSecret to publish for real.",
            SandboxRegistration.SandboxBase(bot.Value),
            SandboxRegistration.FeedUrl(bot.Value));

        var urls = configuration["Urls"] is { Length: > 0 } configured ? configured : BotApp.DefaultUrls;
        var inContainer = string.Equals(Environment.GetEnvironmentVariable("DOTNET_RUNNING_IN_CONTAINER"), "true", StringComparison.OrdinalIgnoreCase);
        if (!inContainer && !SandboxAccess.ListensBeyondLoopback(urls))
        {
            return Task.CompletedTask;
        }

        var where = inContainer ? "in a container" : "on a non-loopback address";
        if (sandbox.Value.AllowRemote)
        {
            logger.LogWarning(
                "SANDBOX EXPOSED — the sandbox runs {Where} (Urls {Urls}) and Sandbox:AllowRemote is true: anyone who can reach this port can sign in to the sandbox, post to it and read its feed. Use this only to try the bot, never on a network you do not trust.",
                where, urls);
        }
        else
        {
            logger.LogWarning(
                "SANDBOX — the bot runs {Where} (Urls {Urls}), but the sandbox and its feed answer only requests from this machine (loopback); from anywhere else they answer 403. Set Sandbox:AllowRemote=true to try the sandbox from another machine or from outside the container.",
                where, urls);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
