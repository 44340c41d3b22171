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

        AddLinkedInHttpClient(services, LinkedInClient.ApiClientName, (pipeline, options) =>
        {
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                // Transient = 408, 429, 5xx, HttpRequestException, an attempt timeout. A request that must not run twice
                // is retried only when it surely did not: 429 (refused), or no connection at all.
                var retry = Retry(options);
                retry.ShouldHandle = args => ValueTask.FromResult(
                    args.Context.GetRequestMessage()?.Options.TryGetValue(LinkedInClient.NotRepeatable, out var notRepeatable) == true && notRepeatable
                        ? args.Outcome.Result?.StatusCode == HttpStatusCode.TooManyRequests || NeverSent(args.Outcome)
                        : HttpClientResiliencePredicates.IsTransient(args.Outcome));
                pipeline.AddRetry(retry);
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

        // An image's bytes on a slow uplink take longer than LinkedIn:Resilience:AttemptTimeout (20 MB at 10 Mbit/s
        // is 16 s), and a slow upload is no sign that LinkedIn is down: only the total timeout bounds it, retries
        // (a PUT of the same bytes to the same URL is safe) fit inside it, and it has no circuit breaker.
        AddLinkedInHttpClient(services, LinkedInClient.UploadClientName, (pipeline, options) =>
        {
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                pipeline.AddRetry(Retry(options));
            }
        });

        AddLinkedInHttpClient(services, LinkedInClient.AuthClientName, (pipeline, options) =>
        {
            pipeline.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                // Codes are single-use: an HTTP answer (even 5xx), a timeout or a connection that broke after the
                // request went out may mean LinkedIn consumed it, and a retry would only earn "authorization code not
                // found". Only failures to connect at all are retried.
                var retry = Retry(options);
                retry.ShouldHandle = args => ValueTask.FromResult(NeverSent(args.Outcome));
                pipeline.AddRetry(retry);
            }

            pipeline.AddTimeout(options.AttemptTimeout);
        });

        // TryAdd: the sandbox registers its own links first.
        services.TryAddSingleton<ILinkedInPostLinks, LinkedInPostLinks>();
        services.TryAddSingleton<ILinkedInClient, LinkedInClient>();
        services.AddHostedService<LinkedInVersionAgeCheck>();
        return services;
    }

    /// <summary>
    /// A LinkedIn client: no HttpClient timeout (the pipeline's apply) and no default logging, which would log URLs
    /// (LinkedIn's image upload URLs carry signed parameters).
    /// </summary>
    private static void AddLinkedInHttpClient(IServiceCollection services, string name, Action<ResiliencePipelineBuilder<HttpResponseMessage>, LinkedInResilienceOptions> configure) =>
        services.AddHttpClient(name, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler(name, (pipeline, context) =>
                configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<LinkedInResilienceOptions>>().Value));

    /// <summary>The connection could not be made: the request never reached LinkedIn.</summary>
    private static bool NeverSent(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    private static HttpRetryStrategyOptions Retry(LinkedInResilienceOptions options) => new()
    {
        MaxRetryAttempts = options.MaxRetryAttempts,
        Delay = options.BaseDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
    };
}
