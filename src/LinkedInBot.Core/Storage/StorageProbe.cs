namespace LinkedInBot.Core.Storage;

/// <summary>
/// Whether the bot can write its database now, for <c>/healthz</c> and the start-up check: <see cref="State"/> is a short
/// word for monitors (<c>ok</c>, <c>unreachable</c>, <c>read-only</c>, <c>full</c>, <c>locked</c>, <c>failing</c>);
/// <see cref="Problem"/> says it for the operator, naming the file and the fix (null when ok).
/// </summary>
public sealed record StorageProbe(string State, string? Problem)
{
    public static StorageProbe Ok { get; } = new("ok", null);

    public bool IsOk => Problem is null;
}
