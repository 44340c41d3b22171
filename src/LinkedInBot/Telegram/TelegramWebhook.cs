using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LinkedInBot.Core;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace LinkedInBot.Telegram;

/// <summary>
/// <c>Telegram:Mode=Webhook</c>: registers <c>{Bot:PublicBaseUrl}/telegram/webhook</c> with the secret at
/// start-up. Every replica does so with the same URL, which is harmless: the last call wins, with the same values.
/// </summary>
internal sealed class TelegramWebhookRegistration(
    TelegramClients clients,
    TelegramBotSetup setup,
    IOptions<TelegramOptions> options,
    IOptions<BotOptions> botOptions,
    ILogger<TelegramWebhookRegistration> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var url = TelegramWebhook.UrlFor(botOptions.Value);
            if (!url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                logger.LogWarning("Bot:PublicBaseUrl is not HTTPS; api.telegram.org only delivers webhooks to public HTTPS URLs.");
            }

            await setup.RunAsync(stoppingToken);
            await setup.RetryAsync("setWebhook", async ct =>
            {
                await clients.Api.SetWebhook(url, allowedUpdates: TelegramPolling.AllowedUpdates, secretToken: options.Value.WebhookSecret, cancellationToken: ct);
                return true;
            }, stoppingToken);
            logger.LogInformation("Telegram webhook set to {Url}.", url);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// <c>POST /telegram/webhook</c>: checks the secret, reads a bounded body, stores the update as a job and only then
/// acknowledges (Telegram redelivers anything not answered 2xx quickly). Any replica may take any delivery.
/// </summary>
internal static class TelegramWebhook
{
    public const string Path = "/telegram/webhook";
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    /// <summary>Updates are a few KB; this bounds what an unauthenticated or broken peer can make us buffer.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static string UrlFor(BotOptions bot) => bot.PublicBaseUrl.TrimEnd('/') + Path;

    public static async Task<IResult> HandleAsync(HttpContext context, TelegramUpdateIntake intake, IOptions<TelegramOptions> options, ILoggerFactory loggers)
    {
        var presented = context.Request.Headers[SecretHeader].ToString();
        if (presented.Length == 0)
        {
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        }

        if (!SecretMatches(presented, options.Value.WebhookSecret))
        {
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var body = await ReadBoundedAsync(context.Request.Body, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        JsonElement json;
        try
        {
            using var document = JsonDocument.Parse(body.Value);
            json = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON at all: not something Telegram sends.
            return Results.BadRequest();
        }

        // Telegram's own JSON settings (snake_case, Unix dates), applied to this body only: the other endpoints keep
        // ASP.NET's defaults. JSON this Telegram.Bot version cannot read (an object kind newer than it) would be
        // refused the same way at every redelivery, so it is acknowledged and dropped rather than answered with an
        // error that only makes Telegram send it again, for a day, ahead of the chat's later updates.
        if (TelegramUpdateReader.TryRead(json, out var problem) is not { } update)
        {
            loggers.CreateLogger(typeof(TelegramWebhook)).LogWarning(
                "Telegram update {UpdateId} could not be read by this Telegram.Bot version ({Problem}) and is skipped.",
                TelegramUpdateReader.IdOf(json),
                problem);
            return Results.Ok();
        }

        // 200 only once the update is stored as a job, or was stored by an earlier delivery (a duplicate), or is one
        // we don't handle: a non-2xx for those would only make Telegram resend. If the database cannot take it, 503
        // makes Telegram deliver it again later, to this replica or another.
        try
        {
            await intake.AcceptAsync(update, context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            loggers.CreateLogger(typeof(TelegramWebhook)).LogError("Telegram update {UpdateId} could not be stored ({Error}); answering 503 so Telegram delivers it again.", update.Id, e.GetType().Name);
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        return Results.Ok();
    }

    /// <summary>Compares SHA-256 digests so neither the content nor the length of the secret leaks through timing.</summary>
    internal static bool SecretMatches(string presented, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }
}
