using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>
/// The two Telegram.Bot clients of the adapter. Long polls get their own HttpClient: a request that
/// legitimately waits ~50 s must not share the short timeout that guards sendMessage.
/// </summary>
internal sealed class TelegramClients
{
    public const string ApiHttpClient = "telegram";
    public const string PollingHttpClient = "telegram-polling";

    private readonly HttpClient _pollingHttp;
    private readonly string _getUpdatesUrl;

    public TelegramClients(IHttpClientFactory httpClientFactory, IOptions<TelegramOptions> options)
    {
        var settings = options.Value;
        Api = Create(settings, httpClientFactory.CreateClient(ApiHttpClient), out _);
        _pollingHttp = httpClientFactory.CreateClient(PollingHttpClient);
        Polling = Create(settings, _pollingHttp, out var pollingOptions);

        // The library's own base (scheme://host:port/bot{token}): contains the token, never logged.
        _getUpdatesUrl = pollingOptions.BaseRequestUrl + "/getUpdates";
    }

    /// <summary>Sends replies, chat actions, commands, webhooks; downloads files.</summary>
    public ITelegramBotClient Api { get; }

    /// <summary>Only for getUpdates.</summary>
    public ITelegramBotClient Polling { get; }

    /// <summary>
    /// getUpdates without a long poll, each update left as JSON: for a batch that Telegram.Bot could not read as a
    /// whole. Throws <see cref="RequestException"/> (no URL in it) when the answer is not a list of updates.
    /// </summary>
    public async Task<JsonElement[]> GetRawUpdatesAsync(int offset, int limit, IEnumerable<UpdateType> allowedUpdates, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["offset"] = offset,
            ["limit"] = limit,
            ["timeout"] = 0,
            ["allowed_updates"] = JsonSerializer.SerializeToNode(allowedUpdates.ToArray(), JsonBotAPI.Options),
        };
        using var content = new StringContent(parameters.ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var response = await _pollingHttp.PostAsync(new Uri(_getUpdatesUrl), content, cancellationToken);
        try
        {
            using var answer = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            if (response.IsSuccessStatusCode
                && answer.RootElement.ValueKind == JsonValueKind.Object
                && answer.RootElement.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True
                && answer.RootElement.TryGetProperty("result", out var result) && result.ValueKind == JsonValueKind.Array)
            {
                return [.. result.EnumerateArray().Select(u => u.Clone())];
            }
        }
        catch (JsonException)
        {
        }

        throw new RequestException("getUpdates did not answer with a list of updates", response.StatusCode);
    }

    private static TelegramBotClient Create(TelegramOptions settings, HttpClient httpClient, out TelegramBotClientOptions clientOptions)
    {
        clientOptions = new TelegramBotClientOptions(settings.BotToken, settings.ApiBaseUrl)
        {
            // 429s are handled in one place (TelegramReplyDelivery / the poll loop), where the wait can be
            // cancelled at shutdown and is logged; the library's own retry would sleep silently up to 60 s per try.
            RetryThreshold = 0,
        };
        return new TelegramBotClient(clientOptions, httpClient);
    }
}
