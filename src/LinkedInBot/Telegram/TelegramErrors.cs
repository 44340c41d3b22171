using Telegram.Bot.Exceptions;

namespace LinkedInBot.Telegram;

/// <summary>
/// Turns exceptions from Telegram calls into log text that cannot carry the bot token: request URLs contain
/// it, and an HttpRequestException (or an inner exception) may quote the URL. Only the Bot API's own
/// error code and description (which never contain the token), exception types and status codes are kept.
/// </summary>
internal static class TelegramErrors
{
    public static string Describe(Exception exception) => exception switch
    {
        ApiRequestException api => $"Bot API error {api.ErrorCode}: {api.Message}",
        RequestException request => $"{nameof(RequestException)} (HTTP {(request.HttpStatusCode is { } status ? (int)status : "none")}, {Inner(request.InnerException)})",
        HttpRequestException http => $"{nameof(HttpRequestException)} (HTTP {(http.StatusCode is { } status ? (int)status : "none")}, {http.HttpRequestError})",
        _ => exception.GetType().Name,
    };

    public static bool IsTooManyRequests(Exception exception, out TimeSpan retryAfter)
    {
        if (exception is ApiRequestException { ErrorCode: 429 } api)
        {
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, api.Parameters?.RetryAfter ?? 1));
            return true;
        }

        retryAfter = default;
        return false;
    }

    /// <summary>403: the user blocked the bot, never started it, or the bot left the group.</summary>
    public static bool IsForbidden(Exception exception) => exception is ApiRequestException { ErrorCode: 403 };

    /// <summary>A definite answer from Telegram that sending the same request again cannot change.</summary>
    public static bool IsPermanent(Exception exception) =>
        exception is ApiRequestException { ErrorCode: 400 or 401 or 403 or 404 };

    private static string Inner(Exception? inner) => inner switch
    {
        null => "no inner exception",
        HttpRequestException http => $"{nameof(HttpRequestException)} {http.HttpRequestError}",
        _ => inner.GetType().Name,
    };
}
