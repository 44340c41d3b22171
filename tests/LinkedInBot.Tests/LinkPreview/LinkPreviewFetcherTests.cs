using System.Net;
using LinkedInBot.Core.LinkPreview;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.LinkPreview;

/// <summary>The guarded fetch against a real page server on 127.0.0.1.</summary>
public sealed class LinkPreviewFetcherTests : IAsyncLifetime
{
    private const string Article = """
        <!doctype html><html><head>
        <title>Plain title</title>
        <meta property="og:title" content="Open Graph title">
        <meta property="og:description" content="Open Graph description">
        <meta property="og:image" content="/cover.png">
        </head><body>hello</body></html>
        """;

    private FakePageServer _pages = null!;

    public async Task InitializeAsync() => _pages = await FakePageServer.StartAsync();

    public async Task DisposeAsync() => await _pages.DisposeAsync();

    [Fact]
    public async Task Fetch_OfALoopbackPage_IsRefusedByDefault_WithoutARequest()
    {
        _pages.Html("/a", Article);

        var result = await Fetcher(allowPrivate: false).FetchCardAsync(_pages.Url("/a"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.AddressRefused, result.Problem);
        Assert.Equal("loopback", result.Detail);
        Assert.Empty(_pages.Requests);
    }

    [Fact]
    public async Task Fetch_OfAHostNameThatResolvesToLoopback_IsRefused()
    {
        _pages.Html("/a", Article);

        var result = await Fetcher(allowPrivate: false).FetchCardAsync(new Uri($"http://localhost:{_pages.Port}/a"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.AddressRefused, result.Problem);
        Assert.Empty(_pages.Requests);
    }

    [Fact]
    public async Task Fetch_WithPrivateNetworksAllowed_ReadsOpenGraph_AndNamesTheBot()
    {
        _pages.Html("/a", Article);

        var result = await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/a"), CancellationToken.None);

        Assert.Null(result.Problem);
        Assert.Equal(new LinkCard(_pages.Url("/a"), "Open Graph title", "Open Graph description", _pages.Url("/cover.png")), result.Card);
        Assert.Contains("LinkedInBot", Assert.Single(_pages.Requests).UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fetch_WithoutOpenGraph_FallsBackToTwitterTags()
    {
        _pages.Html("/t", """
            <html><head><title>Plain</title>
            <meta name="twitter:title" content="Twitter title">
            <meta name="twitter:description" content="Twitter description">
            <meta name="twitter:image" content="https://img.example.org/t.jpg">
            <meta name="description" content="Plain description">
            </head></html>
            """);

        var card = (await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/t"), CancellationToken.None)).Card;

        Assert.Equal(new LinkCard(_pages.Url("/t"), "Twitter title", "Twitter description", new Uri("https://img.example.org/t.jpg")), card);
    }

    [Fact]
    public async Task Fetch_WithOnlyATitleAndDescription_UsesThem()
    {
        _pages.Html("/p", "<html><head><title> Plain &amp; simple </title><meta name=\"description\" content=\"Plain description\"></head></html>");

        var card = (await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/p"), CancellationToken.None)).Card;

        Assert.Equal(new LinkCard(_pages.Url("/p"), "Plain & simple", "Plain description", null), card);
    }

    [Fact]
    public async Task Fetch_OfAPageWithoutATitle_SaysSo()
    {
        _pages.Html("/n", "<html><body>nothing</body></html>");

        var result = await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/n"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.NoTitle, result.Problem);
    }

    [Fact]
    public async Task Fetch_FollowsARedirect_AndKeepsTheTypedUrlAsSource()
    {
        _pages.Redirect("/short", "/a");
        _pages.Html("/a", Article);

        var card = (await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/short"), CancellationToken.None)).Card;

        Assert.Equal("Open Graph title", card?.Title);
        Assert.Equal(_pages.Url("/short"), card?.Source);
    }

    [Fact]
    public async Task Fetch_RedirectedToTheMetadataAddress_IsRefused()
    {
        _pages.Redirect("/r", "http://169.254.169.254/latest/meta-data/");

        var result = await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/r"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.AddressRefused, result.Problem);
        Assert.Equal("link-local", result.Detail);
    }

    [Fact]
    public async Task Fetch_OfAHostNameThatResolvesTo127001_IsRefusedWithTheSettingOff_WithoutAConnection()
    {
        _pages.Html("/a", Article);
        var network = new FakeLinkPreviewNetwork(_pages.Port) { ["intranet.example"] = IPAddress.Loopback };

        var result = await Fetcher(allowPrivate: false, network: network).FetchCardAsync(new Uri($"http://intranet.example:{_pages.Port}/a"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.AddressRefused, result.Problem);
        Assert.Equal("loopback", result.Detail);
        Assert.Empty(network.Connections);
        Assert.Empty(_pages.Requests);
    }

    [Fact]
    public async Task Fetch_OfAPublicHostName_WithTheSettingOff_IsFetchedFromTheAddressThatWasChecked()
    {
        // The counterpart of the refusals below: the test network does serve a public address.
        _pages.Html("/a", Article);
        var network = new FakeLinkPreviewNetwork(_pages.Port) { ["news.example"] = PublicAddress };

        var result = await Fetcher(allowPrivate: false, network: network).FetchCardAsync(new Uri($"http://news.example:{_pages.Port}/a"), CancellationToken.None);

        Assert.Equal("Open Graph title", result.Card?.Title);
        Assert.Equal(new IPEndPoint(PublicAddress, _pages.Port), Assert.Single(network.Connections));
    }

    [Theory]
    [InlineData("http://127.0.0.1:{port}/secret", "loopback")]
    [InlineData("http://[::1]:{port}/secret", "loopback")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/secret", "loopback")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("http://10.0.0.1:{port}/secret", "private")]
    [InlineData("http://intranet.example:{port}/secret", "loopback")]
    public async Task Fetch_OfAPublicPageThatRedirectsToAPrivateAddress_IsRefusedWithTheSettingOff(string location, string kind)
    {
        _pages.Redirect("/story", location.Replace("{port}", _pages.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        _pages.Html("/secret", Article);
        _pages.Html("/latest/meta-data/", Article);
        var network = new FakeLinkPreviewNetwork(_pages.Port) { ["news.example"] = PublicAddress, ["intranet.example"] = IPAddress.Loopback };

        var result = await Fetcher(allowPrivate: false, network: network).FetchCardAsync(new Uri($"http://news.example:{_pages.Port}/story"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.AddressRefused, result.Problem);
        Assert.Equal(kind, result.Detail);
        Assert.Equal("/story", Assert.Single(_pages.Requests).Path);
        Assert.Single(network.Connections);
    }

    [Fact]
    public async Task Fetch_AfterFiveRedirects_GivesUp()
    {
        for (var i = 0; i < 7; i++)
        {
            _pages.Redirect($"/loop{i}", $"/loop{i + 1}");
        }

        var result = await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/loop0"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.TooManyRedirects, result.Problem);
        Assert.Equal(6, _pages.Requests.Count);
    }

    [Fact]
    public async Task Fetch_OfABodyOverTwoMegabytes_IsRefused()
    {
        _pages.Streamed("/big", LinkPreviewFetcher.MaxPageBytes + 1);

        var result = await Fetcher(allowPrivate: true).FetchCardAsync(_pages.Url("/big"), CancellationToken.None);

        Assert.Equal(LinkPreviewProblem.TooLarge, result.Problem);
    }

    [Fact]
    public async Task Fetch_OfAPageThatStalls_GivesUpAfterFiveSeconds()
    {
        _pages.Stalled("/slow");
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();

        var fetching = Fetcher(allowPrivate: true, time).FetchCardAsync(_pages.Url("/slow"), CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(_pages.Requests.Count == 1), "the page was asked for");
        time.Advance(TimeSpan.FromSeconds(4));
        Assert.False(fetching.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(LinkPreviewProblem.TimedOut, (await fetching).Problem);
    }

    [Fact]
    public async Task FetchImage_OfSomethingThatIsNotAnImage_IsRefused()
    {
        _pages.Html("/cover.png", "<html></html>");

        var result = await Fetcher(allowPrivate: true).FetchImageAsync(_pages.Url("/cover.png"), CancellationToken.None);

        Assert.Null(result.Bytes);
        Assert.Contains("not a JPEG, PNG or GIF", result.Detail, StringComparison.Ordinal);
    }

    private static readonly IPAddress PublicAddress = FakeLinkPreviewNetwork.PublicAddress;

    private static LinkPreviewFetcher Fetcher(bool allowPrivate, TimeProvider? time = null, FakeLinkPreviewNetwork? network = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["LinkPreview:AllowPrivateNetworks"] = allowPrivate ? "true" : "false" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        if (network is not null)
        {
            services.AddSingleton<ILinkPreviewNetwork>(network);
        }

        services.AddLinkPreview();
        return services.BuildServiceProvider().GetRequiredService<LinkPreviewFetcher>();
    }
}
