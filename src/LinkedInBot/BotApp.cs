using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Discord;
using LinkedInBot.Sandbox;
using LinkedInBot.Telegram;
using LinkedInBot.Web;
using Microsoft.Extensions.Options;

namespace LinkedInBot;

/// <summary>
/// Builds the whole bot: options, storage, the posting core, the adapters and the HTTP endpoints.
/// <c>Program.cs</c> runs it; tests build the same app with their own configuration on 127.0.0.1.
/// </summary>
public static class BotApp
{
    public const string DefaultUrls = "http://localhost:5080";

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The content root holds appsettings.json; running from the repository root must find it too.
            ContentRootPath = AppContext.BaseDirectory,
        });
        configure?.Invoke(builder);

        if (string.IsNullOrEmpty(builder.Configuration["Urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }

        UseListenUrlsForPublicBaseUrl(builder);

        // ASP.NET's "Request starting/finished" lines carry the query string (the OAuth callback's code and state), and
        // RedirectResult logs the URL it redirects to (the sandbox's redirect to the callback carries both).
        // Held down after every other rule — including provider-specific ones such as Logging:Console:LogLevel,
        // which would otherwise win — so no configuration can bring them back; UseQuietRequestLogging logs each
        // request without its query.
        var starting = new StartingHost();
        builder.Services.PostConfigure<LoggerFilterOptions>(filters =>
        {
            // The host (and Data Protection, reading a broken key ring) log a failed start with its stack trace before
            // Program.cs prints the one line that says what to do (StartupFailures); once started, errors are logged as usual.
            (string Category, LogLevel Minimum)[] quietUntilStarted =
                [("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Information), ("Microsoft.AspNetCore.DataProtection", LogLevel.Error)];
            foreach (var provider in filters.Rules.Select(r => r.ProviderName).Append(null).Distinct().ToList())
            {
                foreach (var (category, minimum) in quietUntilStarted)
                {
                    filters.Rules.Add(new LoggerFilterRule(provider, category, minimum, (_, _, level) => level < LogLevel.Error || starting.Done));
                }
            }

            string[] categories = ["Microsoft.AspNetCore.Hosting.Diagnostics", "Microsoft.AspNetCore.Http.Result.RedirectResult"];
            var providers = filters.Rules.Select(r => r.ProviderName).Distinct().ToList();
            foreach (var category in categories)
            {
                foreach (var provider in providers)
                {
                    filters.Rules.Add(new LoggerFilterRule(provider, category, LogLevel.Warning, null));
                }

                if (!filters.Rules.Any(r => r.ProviderName is null && r.CategoryName == category))
                {
                    filters.Rules.Add(new LoggerFilterRule(null, category, LogLevel.Warning, null));
                }
            }
        });

        // IHttpClientFactory logs every request URL by default; Telegram's contain the bot token.
        builder.Services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());

        builder.AddLinkedInSandbox();
        builder.AddConsoleAdapter();
        builder.Services.AddLinkedInBotCore();
        builder.AddDiscordAdapter();
        builder.AddTelegramAdapter();
        builder.Services.AddHostedService<StartupNotices>();

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(() => starting.Done = true);
        app.UseQuietRequestLogging();
        app.MapHealth();
        app.MapLinkedInCallback();
        app.MapLinkedInSandbox();
        app.MapDiscordInteractions();
        app.MapTelegramWebhook();
        return app;
    }

    /// <summary>
    /// Checks <c>Urls</c> and, when <c>Bot:PublicBaseUrl</c> is not set, makes it the first listen address: changing
    /// only the port (the obvious fix for a busy port) must not leave every callback and sandbox URL on the old one.
    /// </summary>
    private static void UseListenUrlsForPublicBaseUrl(WebApplicationBuilder builder)
    {
        var urls = ListenUrls.Of(builder.Configuration);
        if (ListenUrls.Problem(urls) is { } problem)
        {
            builder.Services.AddConfigurationProblem(problem);
            return;
        }

        const string key = $"{BotOptions.Section}:{nameof(BotOptions.PublicBaseUrl)}";
        if (string.IsNullOrEmpty(builder.Configuration[key]) && ListenUrls.PublicBaseUrlFor(urls) is { } derived)
        {
            builder.Configuration.AddInMemoryCollection([new(key, derived)]);
        }
    }

    /// <summary>
    /// Validates every option registered with ValidateOnStart now, so a bad setting stops the bot with one
    /// clear line before anything starts (instead of a stack trace from inside the host).
    /// </summary>
    public static void ValidateConfiguration(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (InvalidOperationException ex) when (IsConversionFailure(ex))
        {
            // A value of the wrong type (an enum such as Storage:Provider, a number) fails in the binder before any
            // validation; its message names the key, the value and the expected type.
            throw new OptionsValidationException(Options.DefaultName, typeof(object), [ex.Message]);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            // Problems in several sections arrive as an AggregateException; callers get one exception with every failure.
            var failures = ex.InnerExceptions.Cast<OptionsValidationException>().ToList();
            throw new OptionsValidationException(
                string.Join(", ", failures.Select(f => f.OptionsName)),
                failures[0].OptionsType,
                // Several adapters may ask for the same options to be validated; each problem is reported once.
                failures.SelectMany(f => f.Failures).Distinct(StringComparer.Ordinal));
        }
    }

    private sealed class StartingHost
    {
        public bool Done { get; set; }
    }

    // The configuration binder's wording (Microsoft.Extensions.Configuration.Binder): only the message tells it apart.
    private static bool IsConversionFailure(InvalidOperationException exception) =>
        exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal);
}
