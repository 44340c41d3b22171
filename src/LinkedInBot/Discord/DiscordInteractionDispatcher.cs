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
    Core.Pages.CompanyPages pages,
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
                return await SuggestPagesAsync(interaction);
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

    /// <summary>
    /// Autocomplete of <c>page</c> (<c>/linkedin as</c>, <c>/linkedin approval</c>): the user's pages as stored with their
    /// link, answered at once (type 8), up to 25 (reference discord-interactions.md §7).
    /// </summary>
    private async Task<InteractionResponse> SuggestPagesAsync(Interaction interaction)
    {
        var focused = interaction.Data?.Options?.SelectMany(o => o.Options ?? []).FirstOrDefault(o => o.Focused);
        if (focused?.Name != "page" || origins.From(interaction) is not { } origin)
        {
            return InteractionResponse.NoChoices;
        }

        var found = await pages.SuggestAsync(origin.Address, focused.StringValue ?? string.Empty, CancellationToken.None);
        var choices = found.Select(p => new { name = p.Name.Length <= 100 ? p.Name : p.Name[..100], value = p.Name.Length <= 100 ? p.Name : p.OrganizationId }).ToList<object>();
        if ("me".StartsWith((focused.StringValue ?? string.Empty).Trim(), StringComparison.OrdinalIgnoreCase) && interaction.Data?.Options?.FirstOrDefault()?.Name == "as")
        {
            choices.Insert(0, new { name = Core.Pages.PageReplies.OwnProfileChoice, value = "me" });
        }

        return new InteractionResponse(8, new { choices = choices.Take(25).ToArray() });
    }
}
