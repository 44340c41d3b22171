using System.Text;
using Microsoft.Extensions.Options;
using NSec.Cryptography;

namespace LinkedInBot.Discord;

/// <summary>
/// Checks Discord's Ed25519 signature over <c>X-Signature-Timestamp</c> followed by the raw body.
/// Discord sends invalid signatures on purpose to probe the endpoint; accepting one gets the URL removed.
/// </summary>
internal sealed class DiscordSignatureVerifier
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly PublicKey publicKey;

    public DiscordSignatureVerifier(IOptions<DiscordOptions> options)
    {
        if (!TryImportPublicKey(options.Value.PublicKey, out var key))
        {
            throw new InvalidOperationException("Discord:PublicKey must be the 64 hexadecimal characters shown as Public Key in the Developer Portal.");
        }

        publicKey = key;
    }

    public bool IsValid(string? signatureHex, string? timestamp, ReadOnlySpan<byte> body)
    {
        if (signatureHex is not { Length: 128 } || string.IsNullOrEmpty(timestamp))
        {
            return false;
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex);
        }
        catch (FormatException)
        {
            return false;
        }

        var prefixLength = Encoding.UTF8.GetByteCount(timestamp);
        var signed = new byte[prefixLength + body.Length];
        Encoding.UTF8.GetBytes(timestamp, signed);
        body.CopyTo(signed.AsSpan(prefixLength));
        return Ed25519.Verify(publicKey, signed, signature);
    }

    internal static bool TryImportPublicKey(string? hex, out PublicKey key)
    {
        key = null!;
        var trimmed = hex?.Trim();
        if (trimmed is not { Length: 64 })
        {
            return false;
        }

        byte[] raw;
        try
        {
            raw = Convert.FromHexString(trimmed);
        }
        catch (FormatException)
        {
            return false;
        }

        if (!PublicKey.TryImport(Ed25519, raw, KeyBlobFormat.RawPublicKey, out var imported) || imported is null)
        {
            return false;
        }

        key = imported;
        return true;
    }
}
