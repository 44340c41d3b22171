using System.Text.Json.Serialization;

namespace LinkedInBot.Discord;

// What the adapter sends to Discord: the initial HTTP response and the message bodies of follow-ups
// (DC: interactions/receiving-and-responding, components/reference).

internal sealed record InteractionResponse(int Type, object? Data = null)
{
    public const int Ephemeral = 64;

    public static InteractionResponse Pong { get; } = new(1);

    /// <summary>"Thinking…", only visible to the user. The flag cannot change later: see <see cref="InteractionReplyChannel"/>.</summary>
    public static InteractionResponse DeferredEphemeral { get; } = new(5, new MessageBody(null, Ephemeral));

    /// <summary>Acknowledges a button or select without changing the message.</summary>
    public static InteractionResponse DeferredUpdate { get; } = new(6);

    public static InteractionResponse NoChoices { get; } = new(8, new { choices = Array.Empty<object>() });

    public static InteractionResponse Message(MessageBody body) => new(4, body);

    /// <summary>Replaces the message whose button was pressed (its text and components; the flags stay as they were).</summary>
    public static InteractionResponse UpdateMessage(MessageBody body) => new(7, body);

    public static InteractionResponse Modal(ModalData modal) => new(9, modal);

    [JsonIgnore]
    public bool IsDeferred => Type == 5;

    /// <summary>A button's answer that left @original being the pressed message (deferred update or update).</summary>
    [JsonIgnore]
    public bool KeepsPressedMessage => Type is 6 or 7;
}

/// <summary>
/// A message (initial response data, PATCH @original, follow-up). <c>allowed_mentions: {parse: []}</c>
/// keeps a post text with <c>@everyone</c> from pinging a whole server.
/// </summary>
internal sealed record MessageBody(string? Content, int? Flags = null, IReadOnlyList<ActionRow>? Components = null)
{
    public object? AllowedMentions { get; init; } = Content is null ? null : new { parse = Array.Empty<string>() };
}

internal sealed record ActionRow(IReadOnlyList<object> Components)
{
    public int Type => 1;
}

/// <summary>Style 5 "link": opens the URL, sends no interaction, has no custom_id.</summary>
internal sealed record LinkButtonComponent(string Label, string Url)
{
    public int Type => 2;

    public int Style => 5;
}

/// <summary>Style 1 "primary" (or 4 "danger"): sends a MESSAGE_COMPONENT interaction with <see cref="CustomId"/> when pressed.</summary>
internal sealed record ActionButtonComponent(string Label, string CustomId)
{
    public const int Danger = 4;

    public int Type => 2;

    public int Style { get; init; } = 1;
}

internal sealed record ModalData(string CustomId, string Title, IReadOnlyList<object> Components);

/// <summary>Label (type 18): the current modal layout, wrapping one input.</summary>
internal sealed record LabelComponent(string Label, string? Description, TextInputComponent Component)
{
    public int Type => 18;
}

internal sealed record TextInputComponent(string CustomId, int Style, int MaxLength, bool Required, string? Value)
{
    public const int Short = 1;
    public const int Paragraph = 2;

    public int? MinLength { get; init; }

    public int Type => 4;
}
