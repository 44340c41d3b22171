using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace LinkedInBot.Discord;

/// <summary>
/// Discord REST: interaction follow-ups (token in the path, no bot token) and command registration
/// (<c>Authorization: Bot …</c> per request). URLs hold interaction tokens, so they are never logged.
/// </summary>
/// <remarks>
/// The resilience handler retries only safe methods; everything here is PATCH/POST/PUT, so this class has
/// its own bounded loop for what Discord really does: a 404 on a follow-up right after the deferral
/// (discord-api-docs #7220), 429 with <c>retry_after</c>, and 5xx or network errors for idempotent calls.
/// A POST follow-up is not retried after a 5xx: it may have been posted, and a double message is worse.
/// </remarks>
internal sealed class DiscordRestClient(
    IHttpClientFactory httpClientFactory,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordRestClient> logger)
{
    public const string HttpClientName = "discord";

    /// <summary>Discord requires this format (DC: reference, user agent).</summary>
    public const string UserAgent = "DiscordBot (https://github.com/linkedinbot/linkedinbot, 1.0)";

    internal const int MaxAttempts = 5;
    internal static readonly TimeSpan NotFoundDelay = TimeSpan.FromMilliseconds(400);
    internal static readonly TimeSpan ServerErrorDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(30);

    private enum Retryable
    {
        RateLimitOnly,
        Idempotent,
        IdempotentAndNotFound,
        NotFoundAfterDefer,
    }

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>: replaces the deferred "thinking…" message.</summary>
    public Task EditOriginalAsync(InteractionTarget target, MessageBody message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{Escape(target.ApplicationId)}/{Escape(target.Token)}/messages/@original",
            message, botToken: null, Retryable.IdempotentAndNotFound, $"edit of {target}", cancellationToken);

    /// <summary><c>POST /webhooks/{app}/{token}</c>: an additional message (ephemeral with flags 64).</summary>
    public Task CreateFollowupAsync(InteractionTarget target, MessageBody message, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"webhooks/{Escape(target.ApplicationId)}/{Escape(target.Token)}",
            message, botToken: null, Retryable.NotFoundAfterDefer, $"follow-up to {target}", cancellationToken);

    /// <summary>
    /// A message in the user's direct messages with the bot, for a notice no interaction can carry any more (an expiry
    /// reminder days later): <c>POST /users/@me/channels</c> opens (or finds) the DM channel, then
    /// <c>POST /channels/{id}/messages</c>. Needs the bot token, and a user who shares a server with the bot or
    /// installed the app.
    /// </summary>
    public async Task SendDirectMessageAsync(string userId, MessageBody message, string botToken, CancellationToken cancellationToken)
    {
        var channel = await SendAsync(HttpMethod.Post, "users/@me/channels", new DirectMessageChannel(userId), botToken, Retryable.Idempotent, "opening a direct message", cancellationToken);
        var channelId = channel.ValueKind == JsonValueKind.Object && channel.TryGetProperty("id", out var id) ? id.GetString() : null;
        if (string.IsNullOrEmpty(channelId))
        {
            throw new DiscordApiException(null, null, "Discord opened a direct message channel without an id.");
        }

        await SendAsync(HttpMethod.Post, $"channels/{Escape(channelId)}/messages", message, botToken, Retryable.RateLimitOnly, "direct message", cancellationToken);
    }

    /// <summary>
    /// <c>POST /channels/{id}/messages</c> as the bot (needs <c>Discord:BotToken</c> and the bot in that channel): how a
    /// scheduled post's answer still reaches its channel after the interaction's token expired. Not repeated after a 5xx.
    /// </summary>
    public Task CreateChannelMessageAsync(string channelId, MessageBody message, string botToken, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"channels/{Escape(channelId)}/messages", message, botToken, Retryable.RateLimitOnly, "channel message", cancellationToken);

    /// <summary>Bulk overwrite of the global (or one guild's) commands: safe to repeat at every start.</summary>
    public async Task<int> OverwriteCommandsAsync(string applicationId, string? guildId, object commands, string botToken, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrWhiteSpace(guildId)
            ? $"applications/{Escape(applicationId)}/commands"
            : $"applications/{Escape(applicationId)}/guilds/{Escape(guildId)}/commands";
        var body = await SendAsync(HttpMethod.Put, path, commands, botToken, Retryable.Idempotent, "command registration", cancellationToken);
        return body.ValueKind == JsonValueKind.Array ? body.GetArrayLength() : 0;
    }

    private async Task<JsonElement> SendAsync(
        HttpMethod method,
        string relativePath,
        object body,
        string? botToken,
        Retryable retryable,
        string operation,
        CancellationToken cancellationToken)
    {
        var uri = new Uri(options.Value.ApiBase, relativePath);
        var client = httpClientFactory.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            TimeSpan? delay;
            DiscordApiException failure;
            try
            {
                using var request = new HttpRequestMessage(method, uri)
                {
                    Content = JsonContent.Create(body, body.GetType(), options: DiscordJson.Options),
                };
                if (botToken is not null)
                {
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bot", botToken);
                }

                using var response = await client.SendAsync(request, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return await ReadJsonAsync(response, cancellationToken);
                }

                var error = await ReadJsonAsync(response, cancellationToken);
                failure = new DiscordApiException(response.StatusCode, ErrorCode(error), $"Discord {operation} failed: {(int)response.StatusCode} {ErrorMessage(error)}");
                delay = RetryDelay(response, error, retryable, attempt);
            }
            catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException && !cancellationToken.IsCancellationRequested)
            {
                failure = new DiscordApiException(null, null, $"Discord {operation} failed: {ex.GetType().Name}");
                delay = retryable is Retryable.Idempotent or Retryable.IdempotentAndNotFound ? ServerErrorDelay * attempt : null;
            }

            if (delay is null || attempt >= MaxAttempts)
            {
                throw failure;
            }

            logger.LogInformation("{Failure}; attempt {Attempt} of {MaxAttempts}, retrying in {Delay} ms",
                failure.Message, attempt, MaxAttempts, (int)delay.Value.TotalMilliseconds);
            await Task.Delay(delay.Value, time, cancellationToken);
        }
    }

    private static TimeSpan? RetryDelay(HttpResponseMessage response, JsonElement error, Retryable retryable, int attempt)
    {
        switch (response.StatusCode)
        {
            case HttpStatusCode.TooManyRequests:
                var wait = RetryAfter(response, error) ?? TimeSpan.FromSeconds(1);
                return wait <= MaxRateLimitWait ? wait : null;
            case HttpStatusCode.NotFound when retryable is Retryable.NotFoundAfterDefer or Retryable.IdempotentAndNotFound:
                return NotFoundDelay * attempt;
            case >= HttpStatusCode.InternalServerError when retryable is Retryable.Idempotent or Retryable.IdempotentAndNotFound:
                return ServerErrorDelay * attempt;
            default:
                return null;
        }
    }

    /// <summary>429 bodies carry <c>retry_after</c> in (fractional) seconds; the header is the fallback.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage response, JsonElement error)
    {
        if (error.ValueKind == JsonValueKind.Object
            && error.TryGetProperty("retry_after", out var retryAfter)
            && retryAfter.TryGetDouble(out var seconds)
            && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (response.Headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (response.Headers.TryGetValues("Retry-After", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
        {
            return TimeSpan.FromSeconds(seconds);
        }

        return null;
    }

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return default;
        }

        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (string.IsNullOrWhiteSpace(text))
            {
                return default;
            }

            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static int? ErrorCode(JsonElement error) =>
        error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) ? value : null;

    private static string ErrorMessage(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            return string.Empty;
        }

        var text = message.GetString() ?? string.Empty;
        return ErrorCode(error) is { } code ? $"({code} {text})" : $"({text})";
    }

    private static string Escape(string segment) => Uri.EscapeDataString(segment);
}

/// <summary>The body of <c>POST /users/@me/channels</c>.</summary>
internal sealed record DirectMessageChannel([property: System.Text.Json.Serialization.JsonPropertyName("recipient_id")] string RecipientId);
