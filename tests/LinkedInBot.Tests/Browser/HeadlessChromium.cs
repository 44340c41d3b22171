using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol on a WebSocket (Page.navigate, Runtime.evaluate):
/// no driver download, nothing but the browser binary. One page per instance.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _userDataDirectory;
    private readonly ClientWebSocket _socket;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode?>> _pending = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly Task _receiving;
    private int _lastId;

    private HeadlessChromium(Process process, string userDataDirectory, ClientWebSocket socket)
    {
        _process = process;
        _userDataDirectory = userDataDirectory;
        _socket = socket;
        _receiving = ReceiveAsync();
    }

    public static async Task<HeadlessChromium> LaunchAsync()
    {
        var userData = Path.Combine(Path.GetTempPath(), "linkedinbot-chromium", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(userData);
        var start = new ProcessStartInfo(ExecutablePath)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var flag in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--remote-debugging-port=0",
                     "--remote-allow-origins=*", $"--user-data-dir={userData}", "about:blank",
                 })
        {
            start.ArgumentList.Add(flag);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            lock (errors)
            {
                errors.AppendLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();

        try
        {
            // Chromium writes the port it picked (and the browser's WebSocket path) into DevToolsActivePort.
            var portFile = Path.Combine(userData, "DevToolsActivePort");
            var deadline = DateTime.UtcNow + StartTimeout;
            string[] lines;
            while (!File.Exists(portFile) || (lines = await File.ReadAllLinesAsync(portFile)).Length < 2)
            {
                if (process.HasExited || DateTime.UtcNow > deadline)
                {
                    string stderr;
                    lock (errors)
                    {
                        stderr = errors.ToString();
                    }

                    throw new InvalidOperationException($"Chromium did not open its DevTools port (exited: {process.HasExited}).\n{stderr}");
                }

                await Task.Delay(50);
            }

            var port = int.Parse(lines[0], System.Globalization.CultureInfo.InvariantCulture);
            using var http = new HttpClient();
            var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list")))!.AsArray();
            var page = targets.First(t => (string?)t!["type"] == "page")!;
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), CancellationToken.None);
            return new HeadlessChromium(process, userData, socket);
        }
        catch
        {
            Stop(process, userData);
            throw;
        }
    }

    /// <summary>Opens <paramref name="url"/> and waits until the page has loaded.</summary>
    public async Task NavigateAsync(Uri url)
    {
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri });
        if (result?["errorText"] is { } error)
        {
            throw new InvalidOperationException($"Chromium could not open {url}: {error}");
        }

        await WaitUntilAsync($"location.href.startsWith({JsonSerializer.Serialize(url.GetLeftPart(UriPartial.Path))}) && document.readyState === 'complete'", $"{url} loaded");
    }

    /// <summary>Runs JavaScript in the page and returns its value (strings, numbers, booleans, JSON-able objects).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result?["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"The page threw: {exception.ToJsonString()}");
        }

        return result?["result"]?["value"];
    }

    public async Task<string> TextAsync(string expression) => (await EvaluateAsync(expression))?.GetValue<string>() ?? string.Empty;

    /// <summary>Polls a JavaScript condition (pages change after clicks and redirects).</summary>
    public async Task WaitUntilAsync(string condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            try
            {
                if ((await EvaluateAsync($"!!({condition})"))?.GetValue<bool>() == true)
                {
                    return;
                }
            }
            catch (InvalidOperationException)
            {
                // The page was being replaced (navigation) while we asked: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                var where = await EvaluateAsync("location.href + '\\n' + (document.body ? document.body.innerText : '')");
                Assert.Fail($"Timed out waiting until {because}. The page is:\n{where}");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception ex) when (ex is WebSocketException or InvalidOperationException)
        {
        }

        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }

        Stop(_process, _userDataDirectory);
        _closing.Dispose();
    }

    private static void Stop(Process process, string userData)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        try
        {
            Directory.Delete(userData, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<JsonNode?> SendAsync(string method, JsonObject parameters)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        return await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_closing.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            var received = await _socket.ReceiveAsync(buffer, _closing.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            var node = JsonNode.Parse(message.ToArray());
            message.SetLength(0);

            // Events (no id) are not needed: pages are awaited by polling their state.
            if (node?["id"] is { } idNode && _pending.TryRemove(idNode.GetValue<int>(), out var answer))
            {
                if (node["error"] is { } error)
                {
                    answer.TrySetException(new InvalidOperationException($"DevTools error: {error.ToJsonString()}"));
                }
                else
                {
                    answer.TrySetResult(node["result"]);
                }
            }
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetCanceled();
        }
    }
}
