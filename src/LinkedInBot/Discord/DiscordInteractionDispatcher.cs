using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>Routes a verified interaction to its handler and returns the initial response.</summary>
internal sealed class DiscordInteractionDispatcher(
    InteractionOrigins origins,
    LinkedInSlashCommand slash,
    ShareToLinkedIn share,
    FinishLinkingForm finishLinking,
    DiscordConfirmButtons confirmButtons,
    DiscordButtons buttons,
    ILogger<DiscordInteractionDispatcher> logger)
{
    /// <summary>Null when the payload is not a usable interaction (answered with 400).</summary>
    public async Task<InteractionResponse?> DispatchAsync(Interaction interaction)
    {
        switch (interaction.Type)
        {
            case InteractionType.Ping:
                return InteractionResponse.Pong;
            case InteractionType.Autocomplete:
                return InteractionResponse.NoChoices;
            case InteractionType.MessageComponent when interaction.Data?.CustomId == FinishLinkingForm.CustomId:
                return FinishLinkingForm.ShowModal();
            case InteractionType.MessageComponent when DiscordConfirmButtons.IsOne(interaction.Data?.CustomId):
                return origins.From(interaction) is { } pressedBy ? await confirmButtons.PressAsync(interaction, pressedBy) : null;
            case InteractionType.MessageComponent when DiscordButtons.IsOurs(interaction.Data?.CustomId):
                break;
            case InteractionType.MessageComponent:
                // Link buttons never come back; acknowledge anything else (a button of an older version) quietly.
                return InteractionResponse.DeferredUpdate;
            case InteractionType.ApplicationCommand or InteractionType.ModalSubmit:
                break;
            default:
                return null;
        }

        var origin = origins.From(interaction);
        if (origin is null || interaction.Data is null)
        {
            return null;
        }

        var data = interaction.Data;
        logger.LogInformation("Discord interaction {InteractionId}: {Type} {Name} from user {UserId}",
            interaction.Id, interaction.Type, data.Name ?? data.CustomId, origin.UserId);
        return (interaction.Type, data.Type, data.Name) switch
        {
            (InteractionType.ApplicationCommand, CommandType.ChatInput, LinkedInSlashCommand.Name) => await slash.HandleAsync(interaction, origin),
            (InteractionType.ApplicationCommand, CommandType.Message, ShareToLinkedIn.Name) => await share.ShowModalAsync(interaction, origin),
            (InteractionType.MessageComponent, _, _) => await buttons.PressAsync(interaction, origin),
            (InteractionType.ModalSubmit, _, _) when data.CustomId == FinishLinkingForm.CustomId => await finishLinking.SubmitAsync(interaction, origin),
            (InteractionType.ModalSubmit, _, _) when Core.Posting.PressData.TryParse(data.CustomId, out var edit) && edit.Action == Core.Posting.PressData.Edit => await buttons.SubmitEditAsync(interaction, origin, edit),
            (InteractionType.ModalSubmit, _, _) => await share.SubmitAsync(interaction, origin),
            _ => DiscordResponses.EphemeralError(RequestReplies.UnknownCommand(DiscordAdapter.PostCommand, DiscordAdapter.LinkCommand)),
        };
    }
}
