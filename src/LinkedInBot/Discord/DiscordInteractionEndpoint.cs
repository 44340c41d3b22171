using System.Text.Json;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// <c>POST /discord/interactions</c>: read the raw body (bounded), verify the signature over exactly those
/// bytes, only then parse and dispatch. The response must reach Discord within 3 seconds.
/// </summary>
internal sealed class DiscordInteractionEndpoint(
    DiscordSignatureVerifier verifier,
    DiscordInteractionDispatcher dispatcher,
    DiscordReplayGuard replays,
    ILogger<DiscordInteractionEndpoint> logger)
{
    public const string Path = "/discord/interactions";

    /// <summary>Interactions are a few KB; attachments arrive as links, not bytes.</summary>
    internal const int MaxBodyBytes = 1024 * 1024;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var signature = request.Headers["X-Signature-Ed25519"].ToString();
        var timestamp = request.Headers["X-Signature-Timestamp"].ToString();
        if (signature.Length == 0 || timestamp.Length == 0)
        {
            return Results.Unauthorized();
        }

        var body = await ReadBodyAsync(request, context.RequestAborted);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        if (!verifier.IsValid(signature, timestamp, body))
        {
            // Discord probes with bad signatures on purpose; one accepted is enough to lose the endpoint.
            logger.LogInformation("Rejected a Discord interaction with an invalid signature");
            return Results.Unauthorized();
        }

        if (!replays.IsTimely(timestamp))
        {
            logger.LogWarning("Refused a signed Discord interaction whose timestamp is more than {Limit} away from the bot's clock (a replay, or a clock far off)", DiscordReplayGuard.MaxClockDifference);
            return Results.Unauthorized();
        }

        Interaction? interaction;
        try
        {
            interaction = JsonSerializer.Deserialize<Interaction>(body, DiscordJson.Options);
        }
        catch (JsonException)
        {
            interaction = null;
        }

        // The model's non-null strings can still arrive as JSON null; a signed body missing them is malformed too.
        if (interaction is null
            || string.IsNullOrEmpty(interaction.Id)
            || !Enum.IsDefined(interaction.Type)
            || (interaction.Type != InteractionType.Ping && (string.IsNullOrEmpty(interaction.ApplicationId) || string.IsNullOrEmpty(interaction.Token))))
        {
            logger.LogWarning("A signed Discord interaction could not be read");
            return Results.BadRequest();
        }

        if (interaction.Type != InteractionType.Ping && !await replays.IsFirstAsync(interaction.Id, context.RequestAborted))
        {
            logger.LogWarning("Discord interaction {InteractionId} arrived again; answered without acting", interaction.Id);
            return Results.Json(
                InteractionResponse.Message(DiscordReplyFormatter.ToMessage(Core.Chat.RequestReplies.AlreadyHandled, InteractionResponse.Ephemeral)),
                DiscordJson.Options);
        }

        InteractionResponse? response;
        try
        {
            response = await dispatcher.DispatchAsync(interaction);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Only the type: the exception could come from anywhere below, and Discord shows nothing useful for a 500.
            logger.LogError("Handling a Discord interaction failed: {ErrorType}", ex.GetType().Name);
            response = DiscordResponses.EphemeralError(RequestReplies.SomethingWentWrong);
        }

        return response is null ? Results.BadRequest() : Results.Json(response, DiscordJson.Options);
    }

    /// <summary>The body as sent, or null when it exceeds <see cref="MaxBodyBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        // The declared length is the sender's word, and the signature is not checked yet: it sizes the buffer only up
        // to what an interaction needs (a few KB), so idle senders cannot pin a megabyte each.
        using var buffer = new MemoryStream(request.ContentLength is long length && length > 0 ? (int)Math.Min(length, 16 * 1024) : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
