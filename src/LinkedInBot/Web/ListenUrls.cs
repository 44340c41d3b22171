using System.Globalization;
using System.Net;

namespace LinkedInBot.Web;

/// <summary>
/// <c>Urls</c> (where Kestrel listens) read the way Kestrel reads it, so a typo is a configuration error naming the key
/// instead of a stack trace from inside the server, and <c>Bot:PublicBaseUrl</c> can follow it when it is not set.
/// </summary>
internal static class ListenUrls
{
    /// <summary>The <c>Urls</c> in force: the configured ones, else <see cref="BotApp.DefaultUrls"/>.</summary>
    public static string Of(IConfiguration configuration) =>
        configuration["Urls"] is { Length: > 0 } configured ? configured : BotApp.DefaultUrls;

    public static IReadOnlyList<string> Split(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The first entry Kestrel would refuse, with a line naming the key and the fix; null when all parse.</summary>
    public static string? Problem(string urls)
    {
        foreach (var url in Split(urls))
        {
            if (!TryParse(url, out _))
            {
                return $"Urls must be one or more addresses such as http://localhost:5080 or http://+:8080 (separated by ;), not '{url}'.";
            }
        }

        return Split(urls).Count == 0 ? "Urls must name at least one address, such as http://localhost:5080." : null;
    }

    /// <summary>
    /// The public base URL a bot that listens on <paramref name="urls"/> has on this machine: the first address, with a
    /// wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) read as <c>localhost</c>. Null when the first
    /// address cannot be reached as it stands (a port chosen at start, <c>:0</c>, or an unreadable entry).
    /// </summary>
    public static string? PublicBaseUrlFor(string urls)
    {
        var first = Split(urls) is [var head, ..] ? head : null;
        if (first is null || !TryParse(first, out var address) || address.Port == 0)
        {
            return null;
        }

        var host = IsWildcard(address.Host) ? "localhost" : address.Host;
        return string.Create(CultureInfo.InvariantCulture, $"{address.Scheme}://{host}:{address.Port}{address.PathBase}");
    }

    /// <summary>
    /// True when <paramref name="publicBaseUrl"/> names this machine (localhost, a loopback address) on a port none of
    /// <paramref name="urls"/> listens on: every callback and sandbox URL would then lead nowhere. A public URL on
    /// another host is expected to differ (a reverse proxy in front).
    /// </summary>
    public static bool PointsNowhereLocal(string publicBaseUrl, string urls)
    {
        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var pub)
            || !(pub.IsLoopback || pub.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        var ports = Split(urls).Select(url => TryParse(url, out var a) ? a.Port : -1).ToList();
        return ports.Count > 0 && !ports.Contains(0) && !ports.Contains(pub.Port);
    }

    private static bool TryParse(string url, out BindingAddress address)
    {
        try
        {
            address = BindingAddress.Parse(url);
            return (address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase)) && (address.IsUnixPipe || address.Port is >= 0 and <= 65535);
        }
        catch (FormatException)
        {
            address = null!;
            return false;
        }
    }

    private static bool IsWildcard(string host) =>
        host is "+" or "*" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)));
}
