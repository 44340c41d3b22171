using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Fakes;

/// <summary>Web pages on loopback for link cards: each path answers with what a test put there.</summary>
public sealed class FakePageServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _pages = new();
    private readonly ConcurrentQueue<(string Path, string? UserAgent)> _requests = new();
    private WebApplication? _app;

    private FakePageServer()
    {
    }

    public string BaseUrl { get; private set; } = string.Empty;

    public int Port => new Uri(BaseUrl).Port;

    public IReadOnlyList<(string Path, string? UserAgent)> Requests => [.. _requests];

    public static async Task<FakePageServer> StartAsync()
    {
        var server = new FakePageServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(async context =>
        {
            server._requests.Enqueue((context.Request.Path, context.Request.Headers.UserAgent.ToString()));
            if (server._pages.TryGetValue(context.Request.Path, out var page))
            {
                await page(context);
            }
            else
            {
                context.Response.StatusCode = 404;
            }
        });
        await app.StartAsync();
        server._app = app;
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    public Uri Url(string path) => new(BaseUrl + path);

    public void Html(string path, string html) => _pages[path] = context =>
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html);
    };

    public void Bytes(string path, string contentType, byte[] bytes) => _pages[path] = context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.Body.WriteAsync(bytes).AsTask();
    };

    public void Redirect(string path, string location) => _pages[path] = context =>
    {
        context.Response.StatusCode = 302;
        context.Response.Headers.Location = location;
        return Task.CompletedTask;
    };

    /// <summary>A page that sends its headers and then nothing until the request is aborted.</summary>
    public void Stalled(string path) => _pages[path] = async context =>
    {
        context.Response.ContentType = "text/html";
        await context.Response.Body.FlushAsync();
        await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
    };

    /// <summary>A page that streams <paramref name="length"/> bytes without a Content-Length.</summary>
    public void Streamed(string path, long length) => _pages[path] = async context =>
    {
        context.Response.ContentType = "text/html";
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        for (long sent = 0; sent < length; sent += chunk.Length)
        {
            await context.Response.Body.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, length - sent)));
        }
    };

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}
