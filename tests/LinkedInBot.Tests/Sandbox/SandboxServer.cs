using System.Net.Sockets;
using System.Net;
using LinkedInBot.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Sandbox;

/// <summary>The sandbox alone on a real Kestrel at 127.0.0.1, with its public base URL set to that address.</summary>
internal sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SandboxServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl) };
    }

    public string BaseUrl { get; }

    public string CallbackUrl => BaseUrl + "/auth/linkedin/callback";

    /// <summary>Does not follow redirects, so tests see the sandbox's 302s.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SandboxServer> StartAsync(Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreeTcpPort()}";
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls(baseUrl);
        builder.Logging.ClearProviders();
        builder.Configuration["Bot:PublicBaseUrl"] = baseUrl;
        configure?.Invoke(builder);
        builder.AddLinkedInSandbox();
        var app = builder.Build();
        app.MapLinkedInSandbox();
        map?.Invoke(app);
        await app.StartAsync();
        return new SandboxServer(app, baseUrl);
    }

    /// <summary>A port that was free a moment ago: the public base URL has to be known before the server starts.</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
