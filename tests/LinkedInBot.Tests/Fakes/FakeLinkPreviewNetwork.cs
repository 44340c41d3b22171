using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using LinkedInBot.Core.LinkPreview;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// A DNS where host names have the addresses a test gives them, and a network where every connection (whatever its
/// address) reaches the page server on loopback: were an address not checked, its request would show on the server.
/// </summary>
internal sealed class FakeLinkPreviewNetwork(int pagePort) : ILinkPreviewNetwork
{
    /// <summary>example.com's address: public, never connected to (this network serves it from loopback).</summary>
    public static readonly IPAddress PublicAddress = IPAddress.Parse("93.184.215.14");

    private readonly Dictionary<string, IPAddress> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<IPEndPoint> _connections = new();

    public IPAddress this[string host]
    {
        set => _names[host] = value;
    }

    public IReadOnlyList<IPEndPoint> Connections => [.. _connections];

    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _names.TryGetValue(host, out var address) ? ValueTask.FromResult<IPAddress[]>([address]) : throw new SocketException((int)SocketError.HostNotFound);

    public async ValueTask<Stream> ConnectAsync(IPEndPoint endPoint, CancellationToken cancellationToken)
    {
        _connections.Enqueue(endPoint);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, pagePort), cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }
}
