using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Encrypts stored secrets (LinkedIn tokens, reply contexts) with ASP.NET Core Data Protection. The key ring lives in
/// <c>Storage:KeysDirectory</c>; without it the database's secrets are unreadable, which is the point.
/// </summary>
internal sealed class DataProtectionTokenProtector(IDataProtectionProvider provider, ILogger<DataProtectionTokenProtector> logger) : ITokenProtector
{
    // Versioned so a future change of format can use a new purpose while old ciphertexts stay readable.
    public const string Purpose = "LinkedInBot.Tokens.v1";

    // No memory of past decryptions: a token is decrypted for each post (tens of microseconds), so nothing here can
    // go stale when another replica replaces or deletes a link.
    private readonly IDataProtector protector = provider.CreateProtector(Purpose);

    public string Protect(string token) => protector.Protect(token);

    public string? Unprotect(string protectedToken)
    {
        try
        {
            return protector.Unprotect(protectedToken);
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            // The message names a key id at most, never the payload.
            logger.LogWarning(
                "A stored secret could not be decrypted ({Reason}). The Data Protection key ring in Storage:KeysDirectory " +
                "may be missing or replaced; affected users must link their LinkedIn account again.",
                ex.Message);
            return null;
        }
    }
}
