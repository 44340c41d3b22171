using System.Net;
using LinkedInBot.Web;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox answers only callers on this machine unless <c>Sandbox:AllowRemote</c> is true: whoever reaches its
/// port could otherwise sign in to it, post to it and fill its memory (issue 15 §3).
/// </summary>
internal static class SandboxAccess
{
    public static async ValueTask<object?> LoopbackUnlessAllowedAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsLoopback(http.Connection.RemoteIpAddress) || http.RequestServices.GetRequiredService<IOptions<SandboxOptions>>().Value.AllowRemote)
        {
            return await next(context);
        }

        return HtmlPage.Result(
            HtmlPage.Message(
                "The sandbox answers only on the bot's own machine",
                HtmlPage.Tone.Problem,
                "This bot runs without a LinkedIn app, and its built-in LinkedIn sandbox is only open to requests from the machine it runs on.",
                "The bot's operator can set Sandbox:AllowRemote=true to open it to other machines, or configure a LinkedIn app."),
            StatusCodes.Status403Forbidden);
    }

    /// <summary>True for a loopback address, also as an IPv4-mapped IPv6 address (::ffff:127.0.0.1).</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && (IPAddress.IsLoopback(address) || (address.IsIPv4MappedToIPv6 && IPAddress.IsLoopback(address.MapToIPv4())));

    /// <summary>True when one of the <c>Urls</c> listens on more than loopback (<c>http://+:8080</c>, <c>0.0.0.0</c>, a LAN address).</summary>
    public static bool ListensBeyondLoopback(string urls) =>
        urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(url =>
        {
            var start = url.IndexOf("://", StringComparison.Ordinal);
            var rest = start < 0 ? url : url[(start + 3)..];
            var host = rest.StartsWith('[') ? rest[1..Math.Max(1, rest.IndexOf(']', StringComparison.Ordinal))] : rest.Split(':', '/')[0];
            return !(host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IsLoopback(ip)));
        });
}
