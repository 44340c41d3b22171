using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Discord;

/// <summary>
/// Pressed buttons of the core's replies (Delete, Yes/Keep, Cancel, Publish …) and the Edit form. A press by someone who
/// may not press it is refused at once with an ephemeral message and stored nowhere; any other press goes through the
/// job runtime like every request (the interaction id dedupes Discord's retries), and its answer replaces the message
/// the button is on. Edit opens a modal prefilled with the post's current text; its submission is a <c>/edit</c>.
/// </summary>
internal sealed class DiscordButtons(DiscordChatBridge bridge, ButtonPresses presses)
{
    /// <summary>The Edit modal's custom_id: <c>edit:&lt;post number&gt;</c> (the button's own data).</summary>
    public const string TextInputId = "text";

    public static bool IsOurs(string? customId) => PressData.TryParse(customId, out _);

    public async Task<InteractionResponse> PressAsync(Interaction interaction, InteractionOrigin origin)
    {
        var data = interaction.Data!.CustomId!;
        if (PressData.TryParse(data, out var press) && press.Action == PressData.Edit && await presses.FormTextAsync(origin.Address, data, CancellationToken.None) is { } text)
        {
            var input = new TextInputComponent(TextInputId, TextInputComponent.Paragraph, Core.LinkedIn.LittleText.MaxPostLength, Required: true, Truncate(text));
            return InteractionResponse.Modal(new ModalData(data, PostControlReplies.EditFormTitle(press.Number), [new LabelComponent(RequestReplies.PostTextLabel, PostControlReplies.EditFormNote, input)]));
        }

        if (await presses.RefusalAsync(origin.Address, data, CancellationToken.None) is { } refusal)
        {
            return DiscordResponses.EphemeralError(refusal.Text);
        }

        return await bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Press, data));
    }

    /// <summary>The Edit modal, submitted: the core changes the post's text at LinkedIn (slow: deferred).</summary>
    public Task<InteractionResponse> SubmitEditAsync(Interaction interaction, InteractionOrigin origin, PressData press)
    {
        var text = ShareToLinkedIn.FindValue(interaction.Data?.Components, TextInputId) ?? string.Empty;
        var request = origin.Request(interaction.Id, ChatCommand.Edit, text) with { Target = press.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        return bridge.DeferAsync(origin, request);
    }

    // A modal's value holds up to 4000 characters; a post up to 3000.
    private static string Truncate(string text) => text.Length <= Core.LinkedIn.LittleText.MaxPostLength ? text : text[..Core.LinkedIn.LittleText.MaxPostLength];
}
