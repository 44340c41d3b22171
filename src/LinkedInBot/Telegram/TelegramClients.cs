using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace LinkedInBot.Telegram;

/// <summary>
/// The two Telegram.Bot clients of the adapter. Long polls get their own HttpClient: a request that
/// legitimately waits ~50 s must not share the short timeout that guards sendMessage.
/// </summary>
internal sealed class TelegramClients
{
    public const string ApiHttpClient = "telegram";
    public const string PollingHttpClient = "telegram-polling";

    public TelegramClients(IHttpClientFactory httpClientFactory, IOptions<TelegramOptions> options)
    {
        var settings = options.Value;
        Api = Create(settings, httpClientFactory.CreateClient(ApiHttpClient));
        Polling = Create(settings, httpClientFactory.CreateClient(PollingHttpClient));
    }

    /// <summary>Sends replies, chat actions, commands, webhooks; downloads files.</summary>
    public ITelegramBotClient Api { get; }

    /// <summary>Only for getUpdates.</summary>
    public ITelegramBotClient Polling { get; }

    private static TelegramBotClient Create(TelegramOptions settings, HttpClient httpClient) =>
        new(new TelegramBotClientOptions(settings.BotToken, settings.ApiBaseUrl)
        {
            // 429s are handled in one place (TelegramReplyDelivery / the poll loop), where the wait can be
            // cancelled at shutdown and is logged; the library's own retry would sleep silently up to 60 s per try.
            RetryThreshold = 0,
        }, httpClient);
}
