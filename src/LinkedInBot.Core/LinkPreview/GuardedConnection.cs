using System.Net;
using System.Net.Sockets;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>
/// The link preview client's only way to open a connection: resolve the host, refuse it when any of its addresses is
/// refused, then connect to the address that was checked. Checking a name and letting the handler resolve it again
/// would let a DNS answer with a short TTL change between the check and the connection (DNS rebinding).
/// </summary>
internal static class GuardedConnection
{
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        foreach (var address in addresses)
        {
            if (NetworkAddressRules.Refusal(address, allowPrivateNetworks) is { } refusal)
            {
                throw new AddressRefusedException(refusal);
            }
        }

        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
        }

        throw last!;
    }
}

/// <summary>The host of a link (or of a redirect) is on an address the bot does not fetch from.</summary>
internal sealed class AddressRefusedException(string kind) : IOException($"The address is {kind}.")
{
    public string Kind { get; } = kind;
}
