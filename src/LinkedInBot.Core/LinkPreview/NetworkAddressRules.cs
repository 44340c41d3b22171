using System.Net;
using System.Net.Sockets;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>
/// Which addresses a link card may be fetched from. A URL typed by a chat user is a server-side request forgery risk:
/// without these rules "/post http://169.254.169.254/latest/meta-data/" would read the cloud's metadata service.
/// </summary>
public static class NetworkAddressRules
{
    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public static string? Refusal(IPAddress address, bool allowPrivateNetworks)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var kind = Classify(address);
        return kind switch
        {
            null => null,
            AddressKind.Private or AddressKind.Loopback when allowPrivateNetworks => null,
            _ => kind switch
            {
                AddressKind.Loopback => "loopback",
                AddressKind.Private => "private",
                AddressKind.LinkLocal => "link-local",
                AddressKind.SharedNat => "carrier-grade NAT",
                AddressKind.Multicast => "multicast",
                _ => "reserved",
            },
        };
    }

    private enum AddressKind
    {
        Loopback,
        Private,
        LinkLocal,
        SharedNat,
        Multicast,
        Reserved,
    }

    private static AddressKind? Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => AddressKind.Reserved, // 0.0.0.0/8, "this network" (0.0.0.0 reaches the local host on Linux)
                127 => AddressKind.Loopback,
                10 => AddressKind.Private,
                172 when b[1] is >= 16 and <= 31 => AddressKind.Private,
                192 when b[1] == 168 => AddressKind.Private,
                169 when b[1] == 254 => AddressKind.LinkLocal,
                100 when b[1] is >= 64 and <= 127 => AddressKind.SharedNat,
                >= 224 and <= 239 => AddressKind.Multicast,
                >= 240 => AddressKind.Reserved, // 240.0.0.0/4 and the broadcast address
                _ => null,
            };
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            if (address.Equals(IPAddress.IPv6Any))
            {
                return AddressKind.Reserved;
            }

            if (address.Equals(IPAddress.IPv6Loopback))
            {
                return AddressKind.Loopback;
            }

            // ::a.b.c.d (deprecated IPv4-compatible) and 64:ff9b::/96 (NAT64) embed an IPv4 address: judge that one.
            if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0))
            {
                return Classify(new IPAddress(b.AsSpan(12, 4))) ?? (b[0] == 0 ? AddressKind.Reserved : null);
            }

            return b[0] switch
            {
                0xff => AddressKind.Multicast,
                >= 0xfc and <= 0xfd => AddressKind.Private, // fc00::/7, unique local
                0xfe when (b[1] & 0xc0) == 0x80 => AddressKind.LinkLocal, // fe80::/10
                0xfe when (b[1] & 0xc0) == 0xc0 => AddressKind.Private, // fec0::/10, the former site-local
                _ => null,
            };
        }

        return AddressKind.Reserved;
    }
}
