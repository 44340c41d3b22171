using System.Text;
using NSec.Cryptography;

namespace LinkedInBot.Tests.Discord;

/// <summary>Signs interaction bodies the way Discord does: Ed25519 over timestamp + raw body.</summary>
internal sealed class DiscordSigner : IDisposable
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;
    private readonly Key key;

    public DiscordSigner(Key key) => this.key = key;

    public static DiscordSigner Create() =>
        new(Key.Create(Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport }));

    /// <summary>The fixed key of the reference's test vector (RFC 8032 §7.1 TEST 1).</summary>
    public static DiscordSigner FromSeedHex(string seedHex) =>
        new(Key.Import(Ed25519, Convert.FromHexString(seedHex), KeyBlobFormat.RawPrivateKey));

    public string PublicKeyHex => Convert.ToHexStringLower(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));

    public string Sign(string timestamp, byte[] body) =>
        Convert.ToHexStringLower(Ed25519.Sign(key, [.. Encoding.UTF8.GetBytes(timestamp), .. body]));

    public void Dispose() => key.Dispose();
}
