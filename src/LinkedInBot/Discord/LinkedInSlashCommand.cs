using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>
/// <c>/linkedin link|post|unlink|status|forget|draft|schedule|posts|queue|cancel|delete|edit|timezone|settings</c>: one
/// subcommand each, mapped to the core's commands.
/// </summary>
internal sealed class LinkedInSlashCommand(DiscordChatBridge bridge)
{
    public const string Name = "linkedin";

    // Discord's slash option types (DC: interactions/application-commands).
    private const int SubcommandOption = 1;

    /// <summary>The attachment options of <c>/linkedin post</c>, in the order their files go into the post.</summary>
    internal static readonly string[] FileOptions = ["image", "image2", "image3", "image4", "document"];

    public Task<InteractionResponse> HandleAsync(Interaction interaction, InteractionOrigin origin)
    {
        var subcommand = interaction.Data?.Options?.FirstOrDefault(option => option.Type == SubcommandOption);
        return subcommand?.Name switch
        {
            "link" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Link, OptionText(subcommand, "code"))),
            "status" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Status)),
            "unlink" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Unlink)),
            "forget" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Forget, OptionText(subcommand, "confirm"))),
            "post" => Post(interaction, origin, subcommand),
            "draft" => Post(interaction, origin, subcommand, ChatCommand.Draft),
            "schedule" => Post(interaction, origin, subcommand, ChatCommand.Schedule),
            "posts" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Posts)),
            "queue" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Queue)),
            "timezone" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.TimeZone, OptionText(subcommand, "zone"))),
            "settings" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Settings, OptionText(subcommand, "preview") is { Length: > 0 } preview ? "preview " + preview : string.Empty)),
            "cancel" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.Cancel, OptionText(subcommand, "number"))),
            "delete" => bridge.DeferAsync(origin, origin.Request(interaction.Id, ChatCommand.Delete, OptionText(subcommand, "number"))),
            "pages" => bridge.DeferAsync(origin, origin.Request(interaction.Id, ChatCommand.Pages)),
            "as" => bridge.AnswerAsync(origin, origin.Request(interaction.Id, ChatCommand.As, OptionText(subcommand, "page"))),
            "approval" => bridge.DeferAsync(origin, origin.Request(interaction.Id, ChatCommand.Approval, $"{OptionText(subcommand, "state")} {OptionText(subcommand, "page")}".Trim())),
            "edit" => bridge.DeferAsync(origin, origin.Request(interaction.Id, ChatCommand.Edit, OptionText(subcommand, "text")) with { Target = OptionText(subcommand, "number") }),
            _ => Task.FromResult(DiscordResponses.EphemeralError(RequestReplies.UnknownCommand(DiscordAdapter.PostCommand, DiscordAdapter.LinkCommand))),
        };
    }

    /// <summary>A string option of the subcommand, trimmed; empty when absent (<c>/linkedin link</c> without a code).</summary>
    private static string OptionText(CommandOption subcommand, string name) =>
        subcommand.Options?.FirstOrDefault(option => option.Name == name) is { } option
            ? (option.StringValue ?? (option.Value is { ValueKind: System.Text.Json.JsonValueKind.Number } number ? number.GetRawText() : null))?.Trim() ?? string.Empty
            : string.Empty;

    private Task<InteractionResponse> Post(Interaction interaction, InteractionOrigin origin, CommandOption subcommand, ChatCommand command = ChatCommand.Post)
    {
        var text = subcommand.Options?.FirstOrDefault(option => option.Name == "text")?.StringValue ?? string.Empty;
        if (command == ChatCommand.Schedule)
        {
            // The core reads "<when> <text>", as typed on the other platforms.
            text = OptionText(subcommand, "when") + " " + text;
        }

        var fileIds = FileOptions
            .Select(name => subcommand.Options?.FirstOrDefault(option => option.Name == name)?.StringValue)
            .OfType<string>()
            .ToList();
        if (string.IsNullOrWhiteSpace(text) && fileIds.Count == 0)
        {
            // Answered here, in Discord's terms: the core's answer speaks of replying to messages with the command.
            return Task.FromResult(DiscordResponses.EphemeralError(RequestReplies.NothingToPublish(DiscordAdapter.PostCommand)));
        }

        var attachments = new List<ChatAttachment>();
        foreach (var fileId in fileIds)
        {
            DiscordAttachment? attachment = null;
            if (interaction.Data?.Resolved?.Attachments?.TryGetValue(fileId, out attachment) != true || attachment is null)
            {
                return Task.FromResult(DiscordResponses.EphemeralError(AttachmentReplies.ImageNotReceived));
            }

            // Decided from the metadata now, so the user learns it at once instead of after "thinking…".
            var (usable, problem) = DiscordMedia.Usable(attachment, origin.AttachmentSizeLimit);
            if (usable is null)
            {
                return Task.FromResult(DiscordResponses.EphemeralError(problem!));
            }

            attachments.Add(usable);
        }

        var request = origin.Request(interaction.Id, command, text);
        return bridge.DeferAsync(origin, attachments switch
        {
            [] => request,
            [ChatImage image] => request with { Image = image },
            _ => request with { Attachments = attachments },
        });
    }
}
