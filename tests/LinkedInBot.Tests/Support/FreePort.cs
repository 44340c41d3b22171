using System.Net;
using System.Net.Sockets;

namespace LinkedInBot.Tests.Support;

public static class FreePort
{
    /// <summary>
    /// A loopback port that is free right now. Needed where the bot must know its own public URL before it starts
    /// (the OAuth redirect URI is built from Bot:PublicBaseUrl).
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
