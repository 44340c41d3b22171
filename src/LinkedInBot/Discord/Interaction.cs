using System.Text.Json;

namespace LinkedInBot.Discord;

// The parts of Discord's interaction payload the adapter reads. Everything else is ignored, so new
// fields Discord adds never break parsing (DC: interactions/receiving-and-responding).

internal enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

internal enum CommandType
{
    ChatInput = 1,
    User = 2,
    Message = 3,
}

internal sealed class Interaction
{
    public string Id { get; init; } = string.Empty;

    public string ApplicationId { get; init; } = string.Empty;

    public InteractionType Type { get; init; }

    /// <summary>Valid 15 minutes for follow-ups. A secret: never logged.</summary>
    public string Token { get; init; } = string.Empty;

    public InteractionData? Data { get; init; }

    public string? GuildId { get; init; }

    public string? ChannelId { get; init; }

    public PartialChannel? Channel { get; init; }

    /// <summary>Set in guilds; <see cref="User"/> is set in DMs instead.</summary>
    public GuildMember? Member { get; init; }

    public DiscordUser? User { get; init; }

    /// <summary>0 guild, 1 bot DM, 2 private channel (group DM).</summary>
    public int? Context { get; init; }

    /// <summary>The largest attachment the app may handle in this context, in bytes.</summary>
    public long? AttachmentSizeLimit { get; init; }

    public DiscordUser? Caller => Member?.User ?? User;
}

internal sealed class InteractionData
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public CommandType? Type { get; init; }

    public List<CommandOption>? Options { get; init; }

    public ResolvedData? Resolved { get; init; }

    /// <summary>The message a MESSAGE command was used on.</summary>
    public string? TargetId { get; init; }

    /// <summary>Of the modal (MODAL_SUBMIT) or the component (MESSAGE_COMPONENT).</summary>
    public string? CustomId { get; init; }

    public List<SubmittedComponent>? Components { get; init; }
}

internal sealed class CommandOption
{
    public string Name { get; init; } = string.Empty;

    public int Type { get; init; }

    public JsonElement? Value { get; init; }

    public List<CommandOption>? Options { get; init; }

    /// <summary>In an autocomplete interaction: the option the user is typing.</summary>
    public bool Focused { get; init; }

    public string? StringValue => Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
}

internal sealed class ResolvedData
{
    public Dictionary<string, DiscordAttachment>? Attachments { get; init; }

    public Dictionary<string, SourceMessage>? Messages { get; init; }
}

internal sealed class SourceMessage
{
    public string Id { get; init; } = string.Empty;

    public string? Content { get; init; }

    public List<DiscordAttachment>? Attachments { get; init; }

    /// <summary>The users mentioned in <see cref="Content"/> as <c>&lt;@id&gt;</c>.</summary>
    public List<DiscordUser>? Mentions { get; init; }
}

internal sealed class DiscordAttachment
{
    public string Id { get; init; } = string.Empty;

    public string Filename { get; init; } = string.Empty;

    public string? ContentType { get; init; }

    public long Size { get; init; }

    /// <summary>A signed CDN link that expires after about a day: kept only inside a job's encrypted payload, until the job ends.</summary>
    public string Url { get; init; } = string.Empty;

    /// <summary>The attachment's alt text, as its sender described it; LinkedIn's altText.</summary>
    public string? Description { get; init; }
}

/// <summary>
/// A component in a MODAL_SUBMIT. Both layouts arrive: the Label layout nests the input in
/// <see cref="Component"/>, the legacy action row in <see cref="Components"/>.
/// </summary>
internal sealed class SubmittedComponent
{
    public int Type { get; init; }

    public string? CustomId { get; init; }

    public string? Value { get; init; }

    public SubmittedComponent? Component { get; init; }

    public List<SubmittedComponent>? Components { get; init; }
}

internal sealed class PartialChannel
{
    public string? Id { get; init; }
}

internal sealed class GuildMember
{
    public DiscordUser? User { get; init; }

    public string? Nick { get; init; }

    /// <summary>The member's permissions in the channel: a bit set as a decimal string (Manage Server is 0x20).</summary>
    public string? Permissions { get; init; }
}

internal sealed class DiscordUser
{
    public string Id { get; init; } = string.Empty;

    public string? Username { get; init; }

    public string? GlobalName { get; init; }
}
