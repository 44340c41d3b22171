using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.LinkPreview;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the posting core: options (validated at start-up), storage, the LinkedIn client, account
    /// linking, the publisher and the start-up resume of unfinished posts. Adapters add their
    /// <see cref="IChatNotifier"/> and <see cref="CommandNames"/>.
    /// </summary>
    public static IServiceCollection AddLinkedInBotCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        services.AddOptions<BotOptions>()
            .BindConfiguration(BotOptions.Section)
            .Validate(
                o => IsHttpUrl(o.PublicBaseUrl) && !o.PublicBaseUrl.Contains('?', StringComparison.Ordinal),
                "Bot:PublicBaseUrl must be an absolute http(s) URL without a query, such as https://bot.example.com (it is where LinkedIn, Telegram and Discord reach the bot).")
            .Validate(o => o.MaxConcurrentChats is >= 1 and <= 1000, "Bot:MaxConcurrentChats must be between 1 and 1000.")
            .Validate(o => o.LeaseTimeout >= TimeSpan.FromSeconds(3) && o.LeaseTimeout <= TimeSpan.FromHours(1), "Bot:LeaseTimeout must be between 00:00:03 and 01:00:00 (default 00:00:30).")
            .Validate(o => o.ShutdownGracePeriod >= TimeSpan.Zero, "Bot:ShutdownGracePeriod must not be negative (default 00:00:20).")
            .Validate(o => o.ReminderInterval >= TimeSpan.FromMinutes(1) && o.ReminderInterval <= TimeSpan.FromDays(1), "Bot:ReminderInterval must be between 00:01:00 and 1.00:00:00 (default 01:00:00).")
            .Validate(o => Schedules.FindZone(o.DefaultTimeZone) is not null, "Bot:DefaultTimeZone must be an IANA time zone name such as UTC or Europe/Berlin.")
            .Validate(o => o.MaxScheduleAhead > TimeSpan.Zero && o.MaxScheduleAhead <= TimeSpan.FromDays(3650), "Bot:MaxScheduleAhead must be a positive time span of at most 3650 days (default 90.00:00:00).")
            .Validate(o => o.LateScheduleLimit >= TimeSpan.Zero, "Bot:LateScheduleLimit must not be negative (default 06:00:00).")
            .ValidateOnStart();


        services.AddOptions<LinkedInOptions>()
            .BindConfiguration(LinkedInOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IsSandbox || !string.IsNullOrWhiteSpace(o.ClientSecret), "LinkedIn:ClientSecret is required when LinkedIn:ClientId is set (copy it from the Auth tab of your LinkedIn app).")
            .Validate(o => IsHttpUrl(o.AuthBaseUrl), "LinkedIn:AuthBaseUrl must be an absolute http(s) URL (default https://www.linkedin.com/oauth/v2).")
            .Validate(o => IsHttpUrl(o.ApiBaseUrl), "LinkedIn:ApiBaseUrl must be an absolute http(s) URL (default https://api.linkedin.com).")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Scopes), "LinkedIn:Scopes must not be empty (default: openid profile w_member_social).")
            .ValidateOnStart();

        services.AddLinkedInBotStorage();
        services.AddLinkedInClient();
        services.AddLinkPreview();

        services.TryAddSingleton<CommandNameBook>();
        services.TryAddSingleton<ChatNotifications>();
        services.TryAddSingleton<AccountLinking>();
        services.TryAddSingleton<LinkCodeRedemption>();
        services.TryAddSingleton<AttachmentUploads>();
        services.TryAddSingleton<PostPublisher>();
        services.TryAddSingleton<Pages.CompanyPages>();
        services.TryAddSingleton<Approval.TeamApproval>();
        services.TryAddSingleton<ButtonPresses>();
        services.TryAddSingleton<Schedules>();
        services.TryAddSingleton<PostControl>();
        services.TryAddSingleton<PostScheduling>();
        services.TryAddSingleton<IChatBot, ChatBot>();
        services.AddHostedService<PostLedgerResumeService>();
        services.AddSingleton<IChatJobHandler, LedgerResumeJobHandler>();
        services.AddSingleton<IChatJobHandler, AlbumJobHandler>();
        services.TryAddSingleton<AlbumCollector>();
        services.TryAddSingleton<Lifecycle.ForgetMe>();
        services.AddSingleton<IChatJobHandler, Lifecycle.LinkReminderJobHandler>();
        services.TryAddSingleton<LinkRenewal>();
        services.TryAddSingleton<LinkRenewalService>();
        services.AddHostedService(provider => provider.GetRequiredService<LinkRenewalService>());
        services.TryAddSingleton<Lifecycle.LinkReminderService>();
        services.AddHostedService(provider => provider.GetRequiredService<Lifecycle.LinkReminderService>());
        services.TryAddSingleton<Lifecycle.PostTextRetentionService>();
        services.AddHostedService(provider => provider.GetRequiredService<Lifecycle.PostTextRetentionService>());
        services.AddChatJobRuntime();
        return services;
    }

    /// <summary>
    /// The job runtime every adapter hands its requests to: the queue, the runner (a hosted service) and the handler
    /// that runs chat requests through <see cref="IChatBot"/>. Needs the storage (<c>AddLinkedInBotStorage</c>).
    /// </summary>
    public static IServiceCollection AddChatJobRuntime(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ChatJobRunner)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ChatNotifications>();
        services.TryAddSingleton<ChatJobSignal>();
        services.TryAddSingleton<ChatRequestQueue>();
        services.AddSingleton<IChatJobHandler, ChatRequestJobHandler>();
        services.AddSingleton<ChatJobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<ChatJobRunner>());

        // The host must wait for the runner's drain (and a little more for releasing the leases), or it abandons it.
        // Read raw: a bad value is reported by the validation of BotOptions, with the key's name.
        services.AddOptions<HostOptions>().Configure<IConfiguration>((host, configuration) =>
        {
            var grace = TimeSpan.TryParse(configuration[$"{BotOptions.Section}:{nameof(BotOptions.ShutdownGracePeriod)}"], System.Globalization.CultureInfo.InvariantCulture, out var configured) && configured > TimeSpan.Zero
                ? configured
                : new BotOptions().ShutdownGracePeriod;
            host.ShutdownTimeout += grace + TimeSpan.FromSeconds(10);
        });
        return services;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
