using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LinkedInBot.Discord;

/// <summary>
/// The <see cref="Core.Chat.ChatAddress.ReplyContext"/> Discord hands to the core: the interaction's id, application id,
/// token, expiry and audience. Interaction tokens are secrets, and the core encrypts every reply context it stores (jobs,
/// the post ledger, pending links, OAuth states, scheduled posts), so it is not encrypted here a second time.
/// </summary>
internal sealed class DiscordReplyContext(IDataProtectionProvider protection)
{
    private const string Version = "d2";

    // Contexts written by earlier versions were encrypted here too ("d1" inside): still read while their 15 minutes last.
    private const string LegacyVersion = "d1";
    private readonly IDataProtector legacy = protection.CreateProtector("LinkedInBot.Discord.ReplyContext.v1");

    public string Protect(InteractionTarget target) =>
        string.Join('\n',
            Version,
            target.InteractionId,
            target.ApplicationId,
            target.Token,
            target.ExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            target.IsGroupChat ? "1" : "0",
            target.IsComponent ? "c" : string.Empty);

    public bool TryRead(string? replyContext, out InteractionTarget target)
    {
        target = null!;
        if (string.IsNullOrEmpty(replyContext))
        {
            return false;
        }

        var plain = replyContext;
        if (!replyContext.StartsWith(Version + "\n", StringComparison.Ordinal))
        {
            try
            {
                plain = legacy.Unprotect(replyContext);
            }
            catch (CryptographicException)
            {
                // Another key ring, or not ours: nothing to answer to.
                return false;
            }
        }

        var parts = plain.Split('\n');
        // Six parts before pressed buttons existed; a seventh marks a button's interaction.
        if (parts.Length is not (6 or 7) || parts[0] is not (Version or LegacyVersion)
            || !long.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return false;
        }

        target = new InteractionTarget(parts[1], parts[2], parts[3], DateTimeOffset.FromUnixTimeSeconds(expires), parts[5] == "1", parts.Length == 7 && parts[6] == "c");
        return true;
    }
}
