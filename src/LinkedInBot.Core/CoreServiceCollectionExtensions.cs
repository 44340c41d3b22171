using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

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

        services.TryAddSingleton<CommandNameBook>();
        services.TryAddSingleton<ChatNotifications>();
        services.TryAddSingleton<AccountLinking>();
        services.TryAddSingleton<LinkCodeRedemption>();
        services.TryAddSingleton<PostPublisher>();
        services.TryAddSingleton<IChatBot, ChatBot>();
        services.AddHostedService<PostLedgerResumeService>();
        return services;
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
