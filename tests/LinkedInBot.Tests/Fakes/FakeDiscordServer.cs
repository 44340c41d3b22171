using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Fakes;

/// <summary>One request the fake Discord received.</summary>
public sealed record RecordedDiscordRequest(string Method, string Path, string Body, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public bool IsEditOriginal => Method == "PATCH" && Path.EndsWith("/messages/@original", StringComparison.Ordinal);

    public bool IsFollowup => Method == "POST" && Path.Contains("/webhooks/", StringComparison.Ordinal);

    public bool IsCommandRegistration => Method == "PUT" && Path.EndsWith("/commands", StringComparison.Ordinal);

    public bool IsCdnDownload => Method == "GET" && Path.StartsWith("/cdn/", StringComparison.Ordinal);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>A scripted answer for the next request with a given method.</summary>
public sealed record FakeDiscordResponse(int Status, string? Body = null, string? RetryAfterHeader = null)
{
    public static FakeDiscordResponse NotFound() => new(404, """{"message":"Unknown Webhook","code":10015}""");

    public static FakeDiscordResponse RateLimited(double retryAfterSeconds) =>
        new(429, $$"""{"message":"You are being rate limited.","retry_after":{{retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"global":false}""",
            Math.Ceiling(retryAfterSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static FakeDiscordResponse TokenExpired() => new(401, """{"message":"Invalid Webhook Token","code":50027}""");
}

/// <summary>
/// Discord's REST API and CDN on a real Kestrel at 127.0.0.1 (port 0): records interaction follow-ups and
/// command registrations, answers with scripted failures (404 right after a defer, 429 with retry_after),
/// and serves attachment bytes at <c>/cdn/attachments/…</c>.
/// </summary>
public sealed class FakeDiscordServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly List<RecordedDiscordRequest> requests = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeDiscordResponse>> scripts = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string ContentType, byte[] Bytes)> files = new();
    private readonly Lock sync = new();
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TimeSpan cdnDelay;
    private bool cdnStalls;

    private FakeDiscordServer(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Use as <c>Discord:ApiBaseUrl</c>.</summary>
    public string ApiBaseUrl => new Uri(BaseUrl, "api/v10").ToString();

    public IReadOnlyList<RecordedDiscordRequest> Requests
    {
        get
        {
            lock (sync)
            {
                return [.. requests];
            }
        }
    }

    public static async Task<FakeDiscordServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeDiscordServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>The next requests with <paramref name="method"/> get these answers, in order; then 200 again.</summary>
    public void Script(string method, params FakeDiscordResponse[] responses)
    {
        var queue = scripts.GetOrAdd(method, _ => new ConcurrentQueue<FakeDiscordResponse>());
        foreach (var response in responses)
        {
            queue.Enqueue(response);
        }
    }

    /// <summary>Serves <paramref name="bytes"/> like Discord's CDN and returns the signed-looking URL.</summary>
    public string AddAttachment(string fileName, string contentType, byte[] bytes)
    {
        var id = Guid.NewGuid().ToString("N");
        files[id] = (contentType, bytes);
        return new Uri(BaseUrl, $"cdn/attachments/{id}/{Uri.EscapeDataString(fileName)}?ex=6700&is=6600&hm=abc").ToString();
    }

    /// <summary>Makes the fake CDN slow, like a big image on a slow link.</summary>
    public void DelayCdn(TimeSpan delay) => cdnDelay = delay;

    /// <summary>The CDN sends the headers and the first bytes of every file, then nothing more until the client gives up.</summary>
    public void StallCdnBodies() => cdnStalls = true;

    /// <summary>Waits until a request matching <paramref name="match"/> has arrived.</summary>
    public Task<RecordedDiscordRequest> WaitForAsync(Func<RecordedDiscordRequest, bool> match, TimeSpan? timeout = null) =>
        WaitForAsync(match, 1, timeout);

    /// <summary>Waits until <paramref name="count"/> requests matching <paramref name="match"/> have arrived; returns the last.</summary>
    public async Task<RecordedDiscordRequest> WaitForAsync(Func<RecordedDiscordRequest, bool> match, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task next;
            lock (sync)
            {
                var found = requests.Where(match).Take(count).ToList();
                if (found.Count == count)
                {
                    return found[^1];
                }

                next = changed.Task;
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"The fake Discord received no matching request. It received: {string.Join(", ", Requests.Select(r => r.Method + " " + r.Path))}");
            }

            await next.WaitAsync(left).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var recorded = new RecordedDiscordRequest(request.Method, request.Path.Value ?? string.Empty, body, headers, DateTimeOffset.UtcNow);
        lock (sync)
        {
            requests.Add(recorded);
            var previous = changed;
            changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            previous.SetResult();
        }

        if (recorded.IsCdnDownload)
        {
            await ServeFileAsync(context, recorded.Path);
            return;
        }

        if (scripts.TryGetValue(request.Method, out var queue) && queue.TryDequeue(out var scripted))
        {
            context.Response.StatusCode = scripted.Status;
            if (scripted.RetryAfterHeader is not null)
            {
                context.Response.Headers.RetryAfter = scripted.RetryAfterHeader;
            }

            if (scripted.Body is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(scripted.Body);
            }

            return;
        }

        context.Response.ContentType = "application/json";
        if (recorded.IsCommandRegistration)
        {
            // Discord answers a bulk overwrite with the registered commands.
            await context.Response.WriteAsync(body);
            return;
        }

        if (request.Method == "DELETE")
        {
            context.Response.StatusCode = (int)HttpStatusCode.NoContent;
            return;
        }

        await context.Response.WriteAsync($$"""{"id":"{{Random.Shared.NextInt64(1, long.MaxValue)}}","type":20}""");
    }

    private async Task ServeFileAsync(HttpContext context, string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 3 || !files.TryGetValue(segments[2], out var file))
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (cdnDelay > TimeSpan.Zero)
        {
            await Task.Delay(cdnDelay, context.RequestAborted);
        }

        context.Response.ContentType = file.ContentType;
        context.Response.ContentLength = file.Bytes.Length;
        if (cdnStalls)
        {
            await context.Response.Body.WriteAsync(file.Bytes.AsMemory(0, Math.Min(16, file.Bytes.Length)));
            await context.Response.Body.FlushAsync();
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        await context.Response.Body.WriteAsync(file.Bytes);
    }
}
