using LinkedInBot.Sandbox;
using LinkedInBot.Tests.Support;
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

    /// <summary>The sandbox itself: its generated client id and secret, its stored images.</summary>
    public SandboxLinkedIn LinkedIn => (SandboxLinkedIn)_app.Services.GetService(typeof(SandboxLinkedIn))!;

    public static async Task<SandboxServer> StartAsync(Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
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

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
