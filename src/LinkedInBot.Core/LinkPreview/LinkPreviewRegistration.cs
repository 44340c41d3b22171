using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.LinkPreview;

public static class LinkPreviewRegistration
{
    /// <summary>
    /// Registers <c>LinkPreview:*</c>, the guarded <see cref="LinkPreviewFetcher.HttpClientName"/> client and
    /// <see cref="LinkPreviewFetcher"/>.
    /// </summary>
    public static IServiceCollection AddLinkPreview(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<LinkPreviewOptions>().BindConfiguration(LinkPreviewOptions.Section);
        services.TryAddSingleton<ILinkPreviewNetwork, SystemLinkPreviewNetwork>();
        services.AddHttpClient(LinkPreviewFetcher.HttpClientName, client =>
            {
                // The fetcher's own 5 s budget covers the page and its redirects.
                client.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
                client.DefaultRequestHeaders.UserAgent.Add(LinkPreviewFetcher.UserAgent);
                client.DefaultRequestHeaders.UserAgent.ParseAdd("(LinkedInBot; link card for a LinkedIn post)");
            })
            // No default logging: the URLs are what users post, and logs keep them longer than the post text.
            .RemoveAllLoggers()
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var options = provider.GetRequiredService<IOptions<LinkPreviewOptions>>();
                var network = provider.GetRequiredService<ILinkPreviewNetwork>();
                return new SocketsHttpHandler
                {
                    // Redirects are followed by the fetcher, which checks each; a proxy would connect for us, unchecked.
                    AllowAutoRedirect = false,
                    UseProxy = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    ConnectTimeout = LinkPreviewFetcher.Timeout,
                    ConnectCallback = (context, cancellationToken) =>
                        GuardedConnection.ConnectAsync(context.DnsEndPoint, options.Value.AllowPrivateNetworks, network, cancellationToken),
                };
            });
        services.TryAddSingleton<LinkPreviewFetcher>();
        services.TryAddSingleton<LinkCardMaker>();
        return services;
    }
}
