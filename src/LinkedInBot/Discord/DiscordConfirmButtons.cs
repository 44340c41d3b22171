using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// The core's <see cref="ConfirmButton"/> (/forget's "Forget me") as a button component, and its press as the request it
/// stands for. The custom_id names the command, its argument and the one user whose press counts; anyone else gets an
/// ephemeral refusal.
/// </summary>
internal sealed class DiscordConfirmButtons(DiscordChatBridge bridge)
{
    private const string Prefix = "confirm:";

    public static ActionButtonComponent Button(ConfirmButton confirm) =>
        new(confirm.Label, $"{Prefix}{confirm.Command}:{confirm.Argument}:{confirm.UserId}") { Style = ActionButtonComponent.Danger };

    public static bool IsOne(string? customId) => customId?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public Task<InteractionResponse> PressAsync(Interaction interaction, InteractionOrigin origin)
    {
        var parts = interaction.Data!.CustomId![Prefix.Length..].Split(':');
        if (parts.Length != 3 || !Enum.TryParse<ChatCommand>(parts[0], ignoreCase: false, out var command) || !Enum.IsDefined(command))
        {
            return Task.FromResult(DiscordResponses.EphemeralError(RequestReplies.UnknownButton.Text));
        }

        if (parts[2] != origin.UserId)
        {
            return Task.FromResult(DiscordResponses.EphemeralError(RequestReplies.NotYourButton.Text));
        }

        // The interaction id is the dedupe key, as for a command: a press Discord delivers twice is one request.
        return bridge.AnswerAsync(origin, origin.Request(interaction.Id, command, parts[1]));
    }
}
