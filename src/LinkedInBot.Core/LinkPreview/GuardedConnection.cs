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
    public static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowPrivateNetworks, ILinkPreviewNetwork network, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await network.ResolveAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
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
            try
            {
                return await network.ConnectAsync(new IPEndPoint(address, endPoint.Port), cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException exception)
            {
                last = exception;
            }
        }

        throw last!;
    }
}

/// <summary>
/// DNS and TCP as the link preview client uses them. Production uses the system's; a test gives a host name a public
/// address and serves it from loopback, which shows that every redirect's target is checked with the setting off.
/// </summary>
internal interface ILinkPreviewNetwork
{
    ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);

    ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken);
}

internal sealed class SystemLinkPreviewNetwork : ILinkPreviewNetwork
{
    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);

    public async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The host of a link (or of a redirect) is on an address the bot does not fetch from.</summary>
internal sealed class AddressRefusedException(string kind) : IOException($"The address is {kind}.")
{
    public string Kind { get; } = kind;
}
