using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace LinkedInBot.Core.LinkedIn;

public static class LinkedInClientRegistration
{
    /// <summary>
    /// Registers <see cref="ILinkedInClient"/>, its two resilient HTTP clients, <c>LinkedIn:Resilience</c> and the
    /// start-up check of <c>LinkedIn:ApiVersion</c>. Expects <see cref="LinkedInOptions"/> and
    /// <see cref="BotOptions"/> to be configured by the host.
    /// </summary>
    public static IServiceCollection AddLinkedInClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LinkedInResilienceOptions>()
            .BindConfiguration(LinkedInResilienceOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Default HttpClient logging would log URLs; LinkedIn's image upload URLs carry signed parameters.
        services.AddHttpClient(LinkedInClient.ApiClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("linkedin-api", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LinkedInResilienceOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetryAttempts > 0)
                {
                    // Transient = 408, 429, 5xx, HttpRequestException, an attempt timeout.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.BaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    });
                }

                pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
                {
                    FailureRatio = options.CircuitBreakerFailureRatio,
                    MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                    SamplingDuration = options.CircuitBreakerSamplingDuration,
                    BreakDuration = options.CircuitBreakerBreakDuration,

                    // 429 throttles one member (150 posts a day), not LinkedIn as a whole: it must not stop everyone.
                    ShouldHandle = args => ValueTask.FromResult(
                        HttpClientResiliencePredicates.IsTransient(args.Outcome)
                        && args.Outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });

        services.AddHttpClient(LinkedInClient.AuthClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler("linkedin-auth", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<LinkedInResilienceOptions>>().Value;
                pipeline.AddTimeout(options.TotalTimeout);
                if (options.MaxRetryAttempts > 0)
                {
                    // Codes are single-use: an HTTP answer (even 5xx) or a timeout may mean LinkedIn consumed it, and
                    // a retry would only earn "authorization code not found". Only failures to connect are retried.
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.BaseDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is HttpRequestException),
                    });
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });

        // TryAdd: the sandbox registers its own links first.
        services.TryAddSingleton<ILinkedInPostLinks, LinkedInPostLinks>();
        services.TryAddSingleton<ILinkedInClient, LinkedInClient>();
        services.AddHostedService<LinkedInVersionAgeCheck>();
        return services;
    }
}
