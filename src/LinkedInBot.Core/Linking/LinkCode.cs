using System.Security.Cryptography;
using System.Text;

namespace LinkedInBot.Core.Linking;

/// <summary>
/// The one-time code the callback page shows and the requester sends back from their chat account (Bot Framework's
/// OAuthPrompt "magic code"). Letters and digits that are hard to confuse, read case-insensitively; only its hash is
/// stored.
/// </summary>
public static class LinkCode
{
    public const int Length = 8;

    /// <summary>Codes people may type: 6 to 10 letters and digits.</summary>
    public const int MinLength = 6;

    public const int MaxLength = 10;

    // No 0/O, 1/I/L: the code is read off a phone screen and typed. 31^8 ≈ 2^40, and 5 wrong tries end a link.
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public static string New() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>True for something shaped like a code (so <c>/start link</c> or a typo in a command is not taken for one).</summary>
    public static bool LooksLikeCode(string? text)
    {
        var trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length is >= MinLength and <= MaxLength && trimmed.All(char.IsAsciiLetterOrDigit);
    }

    public static string Hash(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("link-code:" + code.Trim().ToUpperInvariant())));
}

/// <summary>
/// A one-tap way for the callback page to send the code from the right chat app (Telegram's
/// <c>https://t.me/&lt;bot&gt;?start=&lt;code&gt;</c>). Adapters register one for their platform when they have it.
/// </summary>
public interface ILinkCodeShortcut
{
    string Platform { get; }

    /// <summary>The URL that sends <paramref name="code"/> to the bot, or null when it is not known (yet).</summary>
    Uri? For(string code);
}
