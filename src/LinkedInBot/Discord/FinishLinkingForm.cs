using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// The "Finish linking" button under the ephemeral link prompt (the core marks that reply with
/// <see cref="ChatReply.CodeEntry"/>), the modal it opens, and the submitted code, which becomes
/// <c>/linkedin link code:&lt;code&gt;</c> for the core. Only the user who ran the command sees the ephemeral
/// prompt; the code is checked against the submitting user anyway.
/// </summary>
internal sealed class FinishLinkingForm(DiscordChatBridge bridge)
{
    public const string CustomId = "linkcode";
    public const string CodeInputId = "code";

    public static ActionButtonComponent Button(CodeEntryPrompt prompt) => new(prompt.ButtonLabel, CustomId);

    /// <summary>The answer to a press of the button: the modal (allowed as the first response to a component).</summary>
    public static InteractionResponse ShowModal()
    {
        var words = CodeEntryPrompt.FinishLinking;
        var input = new TextInputComponent(CodeInputId, TextInputComponent.Short, Core.Linking.LinkCode.MaxLength, Required: true, null)
        {
            MinLength = Core.Linking.LinkCode.MinLength,
        };
        return InteractionResponse.Modal(new ModalData(CustomId, words.FormTitle, [new LabelComponent(words.FieldLabel, null, input)]));
    }

    public Task<InteractionResponse> SubmitAsync(Interaction interaction, InteractionOrigin origin)
    {
        var code = ShareToLinkedIn.FindValue(interaction.Data?.Components, CodeInputId)?.Trim() ?? string.Empty;
        return bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Link, code));
    }
}
