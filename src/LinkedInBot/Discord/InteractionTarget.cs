namespace LinkedInBot.Discord;

/// <summary>
/// Where follow-ups for one interaction go: <c>/webhooks/{ApplicationId}/{Token}</c> until <see cref="ExpiresAt"/>.
/// </summary>
/// <param name="IsGroupChat">Others can read the channel, so a public reply is worth a public follow-up.</param>
/// <param name="IsComponent">A pressed button: its deferral changes nothing visible, and @original is the message the button is on.</param>
internal sealed record InteractionTarget(string InteractionId, string ApplicationId, string Token, DateTimeOffset ExpiresAt, bool IsGroupChat, bool IsComponent = false)
{
    /// <summary>Discord: tokens work 15 minutes. A small margin keeps us from racing the expiry.</summary>
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(30);

    // The token is a secret; the record's generated ToString would print it into any log line that formats a target.
    public override string ToString() => $"interaction {InteractionId}";
}
