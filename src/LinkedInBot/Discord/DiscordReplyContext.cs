using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LinkedInBot.Discord;

/// <summary>
/// The <see cref="Core.Chat.ChatAddress.ReplyContext"/> Discord hands to the core: the interaction's
/// application id, token, expiry and audience, encrypted with Data Protection because the core may store
/// it (pending OAuth link, post ledger) and interaction tokens are secrets.
/// </summary>
internal sealed class DiscordReplyContext(IDataProtectionProvider protection)
{
    private const string Version = "d1";
    private readonly IDataProtector protector = protection.CreateProtector("LinkedInBot.Discord.ReplyContext.v1");

    public string Protect(InteractionTarget target) =>
        protector.Protect(string.Join('\n',
            Version,
            target.InteractionId,
            target.ApplicationId,
            target.Token,
            target.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            target.IsGroupChat ? "1" : "0",
            target.IsComponent ? "c" : string.Empty));

    public bool TryRead(string? replyContext, out InteractionTarget target)
    {
        target = null!;
        if (string.IsNullOrEmpty(replyContext))
        {
            return false;
        }

        string plain;
        try
        {
            plain = protector.Unprotect(replyContext);
        }
        catch (CryptographicException)
        {
            // Another key ring, or not ours: nothing to answer to.
            return false;
        }

        var parts = plain.Split('\n');
        // Six parts before pressed buttons existed; a seventh marks a button's interaction.
        if (parts.Length is not (6 or 7) || parts[0] != Version
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        target = new InteractionTarget(parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires), parts[5] == "1", parts.Length == 7 && parts[6] == "c");
        return true;
    }
}
