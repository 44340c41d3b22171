using System.ComponentModel.DataAnnotations;

namespace LinkedInBot.Core.LinkedIn;

/// <summary><c>LinkedIn:Resilience:*</c> — retries, timeouts and the circuit breaker of the LinkedIn HTTP clients.</summary>
public sealed class LinkedInResilienceOptions
{
    public const string Section = "LinkedIn:Resilience";

    /// <summary>
    /// Retries after the first attempt, on 429, 5xx, network errors and attempt timeouts; a post's create only on
    /// 429 and failed connections (it may have run otherwise).
    /// </summary>
    [Range(0, 10, ErrorMessage = "LinkedIn:Resilience:MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>First back-off delay; doubles per retry, with jitter. LinkedIn documents no Retry-After for 429.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "LinkedIn:Resilience:BaseDelay must be between 0 and 1 minute.")]
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Timeout of one HTTP attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "LinkedIn:Resilience:AttemptTimeout must be between 10 ms and 10 minutes.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Timeout of a whole call, retries and back-off included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:30:00", ErrorMessage = "LinkedIn:Resilience:TotalTimeout must be between 10 ms and 30 minutes.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Added to <see cref="AttemptTimeout"/> before a create that may still be running at LinkedIn is sent again:
    /// LinkedIn may go on with a request after the client gave up on it. Not a setting; tests shorten it.
    /// </summary>
    internal TimeSpan SettleMargin { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest a create sent before now can still be running at LinkedIn: the attempt in flight (later attempts are
    /// not sent once the sender stopped or gave the chat up) and <see cref="SettleMargin"/>.
    /// </summary>
    internal TimeSpan InFlightCreateBound => (AttemptTimeout < TotalTimeout ? AttemptTimeout : TotalTimeout) + SettleMargin;

    /// <summary>The first pause between two asks of a video's status while LinkedIn processes it (it grows). Not a setting; tests shorten it.</summary>
    internal TimeSpan VideoPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long the bot waits for LinkedIn to process an uploaded video before it answers that LinkedIn is too slow.
    /// Not a setting: LinkedIn processes a 500 MB video within minutes.
    /// </summary>
    internal TimeSpan VideoProcessingTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Share of failed calls (5xx, network, timeouts; not 429, which is per member) that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "LinkedIn:Resilience:CircuitBreakerFailureRatio must be between 0.01 and 1.")]
    public double CircuitBreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls within the sampling window before the breaker may open.</summary>
    [Range(2, 10_000, ErrorMessage = "LinkedIn:Resilience:CircuitBreakerMinimumThroughput must be at least 2.")]
    public int CircuitBreakerMinimumThroughput { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ErrorMessage = "LinkedIn:Resilience:CircuitBreakerSamplingDuration must be between 0.5 s and 1 hour.")]
    public TimeSpan CircuitBreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long calls fail fast (as Unavailable) once the circuit is open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00", ErrorMessage = "LinkedIn:Resilience:CircuitBreakerBreakDuration must be between 0.5 s and 1 hour.")]
    public TimeSpan CircuitBreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
