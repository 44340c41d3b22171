using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace LinkedInBot.Tests.Fakes;

public sealed partial class FakeTelegramServer
{
    /// <summary>The marker for file downloads in <see cref="StallNextAnswer"/>.</summary>
    public const string FileDownload = "file";

    private readonly ConcurrentDictionary<string, int> _stalls = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The next <paramref name="times"/> answers to <paramref name="method"/> (or <see cref="FileDownload"/>) send their
    /// headers and half the body, then nothing more until the client gives up: a connection that stalls mid-answer.
    /// </summary>
    public void StallNextAnswer(string method, int times = 1) => _stalls.AddOrUpdate(method, times, (_, n) => n + times);

    private bool TakeStall(string method)
    {
        while (_stalls.TryGetValue(method, out var left) && left > 0)
        {
            if (_stalls.TryUpdate(method, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    private async Task StallAsync(HttpContext context, byte[] body, string contentType)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        await Task.Delay(Timeout.Infinite, held.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        context.Abort();
    }

    private Task StallAnswerAsync(HttpContext context, TelegramCall call) =>
        StallAsync(context, Encoding.UTF8.GetBytes(new JsonObject { ["ok"] = true, ["result"] = SentMessage(call, "stalled") }.ToJsonString()), "application/json");
}
