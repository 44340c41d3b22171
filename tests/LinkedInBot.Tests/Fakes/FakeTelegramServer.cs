using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// An in-process Telegram Bot API server on 127.0.0.1 (real Kestrel, port 0) for the real Telegram.Bot
/// client: <c>POST /bot{token}/{method}</c> (JSON or multipart), <c>GET /file/bot{token}/{path}</c>, a
/// long-polling getUpdates fed by <see cref="Enqueue"/>, and a webhook/getUpdates conflict like the real one.
/// Every call is recorded with its parameters parsed; errors (429 with retry_after, 409, 403 …) and answers that
/// stall mid-body are scriptable.
/// Used by the tests and compiled into the benchmark: no test framework here.
/// </summary>
public sealed partial class FakeTelegramServer : IAsyncDisposable
{
    public const string DefaultToken = "123456:TEST-fake_token";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<TelegramCall> _calls = new();
    private readonly ConcurrentDictionary<string, int> _countByMethod = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<CountWaiter> _countWaiters = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedError>> _nextErrors = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Guid, ErrorRule> _rules = new();
    private readonly ConcurrentDictionary<string, FakeFile> _filesById = new();
    private readonly ConcurrentDictionary<string, FakeFile> _filesByPath = new();
    private readonly object _updatesGate = new();
    private readonly List<JsonObject> _pendingUpdates = [];
    private TaskCompletionSource _updatesArrived = NewSignal();
    private TaskCompletionSource _callRecorded = NewSignal();
    private CancellationTokenSource? _activePoll;
    private int _nextUpdateId = 1000;
    private int _nextMessageId = 1;
    private int _nextFileId;
    private int _callCount;

    private FakeTelegramServer(WebApplication app, string token, long botId, string botUsername)
    {
        _app = app;
        Token = token;
        BotId = botId;
        BotUsername = botUsername;
    }

    public string Token { get; }

    public long BotId { get; }

    public string BotUsername { get; }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:51234</c>: what <c>Telegram:ApiBaseUrl</c> should be.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The URL of the last setWebhook (null after deleteWebhook). While set, getUpdates answers 409.</summary>
    public string? WebhookUrl { get; private set; }

    /// <summary>The secret_token of the last setWebhook.</summary>
    public string? WebhookSecret { get; private set; }

    /// <summary>Inline URL buttons pointing at localhost are refused like api.telegram.org does (400).</summary>
    public bool RejectLocalButtonUrls { get; set; }

    /// <summary>Added to every answer (not to getUpdates' wait): a slow or distant Bot API.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Every call so far, in arrival order.</summary>
    public IReadOnlyList<TelegramCall> Calls => [.. _calls];

    /// <summary>Completes at the next call the bot makes (a signal to wait on instead of polling).</summary>
    public Task NextCall => Volatile.Read(ref _callRecorded).Task;

    public int CallCount => Volatile.Read(ref _callCount);

    public static async Task<FakeTelegramServer> StartAsync(string token = DefaultToken, long botId = 123456, string botUsername = "LinkedInTestBot")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(FakeTelegramServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeTelegramServer(app, token, botId, botUsername);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address);
        return server;
    }

    public IReadOnlyList<TelegramCall> CallsTo(string method) =>
        [.. _calls.Where(c => string.Equals(c.Method, method, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Calls to <paramref name="method"/> so far; a counter, cheap enough to poll under load.</summary>
    public int CountCalls(string method) => _countByMethod.TryGetValue(method, out var count) ? count : 0;

    /// <summary>Completes when <paramref name="method"/> has been called <paramref name="count"/> times in total.</summary>
    public Task WaitForCallCountAsync(string method, int count, CancellationToken cancellationToken = default)
    {
        var waiter = new CountWaiter(method, count, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_countWaiters)
        {
            _countWaiters.Add(waiter);
        }

        CheckCountWaiters(method);
        return waiter.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Waits for the first call to <paramref name="method"/> (matching <paramref name="match"/>), past or future.</summary>
    public async Task<TelegramCall> WaitForCallAsync(string method, Func<TelegramCall, bool>? match = null, TimeSpan? timeout = null)
    {
        var calls = await WaitForCallsAsync(method, 1, match, timeout);
        return calls[0];
    }

    /// <summary>Waits until at least <paramref name="count"/> calls to <paramref name="method"/> match; returns them all.</summary>
    public async Task<IReadOnlyList<TelegramCall>> WaitForCallsAsync(string method, int count, Func<TelegramCall, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var signal = Volatile.Read(ref _callRecorded).Task;
            var found = CallsTo(method).Where(c => match?.Invoke(c) ?? true).ToList();
            if (found.Count >= count)
            {
                return found;
            }

            try
            {
                await signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} {method} call(s), saw {found.Count}. Calls: {string.Join(", ", Calls.Select(c => c.Method))}");
            }
        }
    }

    /// <summary>The next <paramref name="times"/> calls to <paramref name="method"/> fail with this Bot API error.</summary>
    public void FailNext(string method, int errorCode, string description, int? retryAfter = null, int times = 1, long? migrateToChatId = null)
    {
        var queue = _nextErrors.GetOrAdd(method, _ => new ConcurrentQueue<ScriptedError>());
        for (var i = 0; i < times; i++)
        {
            queue.Enqueue(new ScriptedError(errorCode, description, retryAfter, migrateToChatId));
        }
    }

    /// <summary>Calls to <paramref name="method"/> matching <paramref name="when"/> fail until the returned handle is disposed.</summary>
    public IDisposable FailWhile(string method, Func<TelegramCall, bool> when, int errorCode, string description, int? retryAfter = null)
    {
        var id = Guid.NewGuid();
        _rules[id] = new ErrorRule(method, when, new ScriptedError(errorCode, description, retryAfter, null));
        return new RuleHandle(() => _rules.TryRemove(id, out _));
    }

    /// <summary>Telegram refuses bots that write first: sendMessage to this user's private chat gets 403.</summary>
    public IDisposable ForbidPrivateChat(long userId) =>
        FailWhile("sendMessage", c => c.ChatId == userId, 403, "Forbidden: bot can't initiate conversation with a user");

    /// <summary>Queues an update for getUpdates (its update_id is assigned here) and returns the id.</summary>
    public int Enqueue(JsonObject update)
    {
        lock (_updatesGate)
        {
            var id = _nextUpdateId++;
            update["update_id"] = id;
            _pendingUpdates.Add(update);
            _updatesArrived.TrySetResult();
            _updatesArrived = NewSignal();
            return id;
        }
    }

    /// <summary>Updates not yet confirmed by a getUpdates with a higher offset.</summary>
    public int PendingUpdateCount
    {
        get
        {
            lock (_updatesGate)
            {
                return _pendingUpdates.Count;
            }
        }
    }

    /// <summary>Stores a file for getFile and the file endpoint. <paramref name="declaredSize"/> overrides the announced file_size.</summary>
    public string AddFile(byte[] content, long? declaredSize = null, string extension = "jpg")
    {
        var n = Interlocked.Increment(ref _nextFileId);
        var file = new FakeFile($"FILE{n}-{Guid.NewGuid():N}", $"U{n}", $"photos/file_{n}.{extension}", content, declaredSize ?? content.Length);
        _filesById[file.Id] = file;
        _filesByPath[file.Path] = file;
        return file.Id;
    }

    /// <summary>How often the file endpoint served a download.</summary>
    public int DownloadCount => Volatile.Read(ref _downloads);

    private int _downloads;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private readonly CancellationTokenSource _stopping = new();
    private int _disposed;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (HttpMethods.IsGet(context.Request.Method) && path.StartsWith("/file/bot", StringComparison.Ordinal))
        {
            await ServeFileAsync(context, path["/file/bot".Length..]);
            return;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2 || !parts[0].StartsWith("bot", StringComparison.Ordinal))
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }

        if (parts[0][3..] != Token)
        {
            await WriteErrorAsync(context, 401, "Unauthorized: invalid token specified");
            return;
        }

        var call = await ReadCallAsync(context, parts[1]);
        Record(call);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency, context.RequestAborted);
        }

        if (TakeStall(call.Method))
        {
            await StallAnswerAsync(context, call);
            return;
        }

        if (TakeScriptedError(call) is { } error)
        {
            await WriteErrorAsync(context, error.Code, error.Description, error.RetryAfter, error.MigrateToChatId);
            return;
        }

        await AnswerAsync(context, call);
    }

    private void Record(TelegramCall call)
    {
        _calls.Enqueue(call);
        Interlocked.Increment(ref _callCount);
        _countByMethod.AddOrUpdate(call.Method, 1, (_, n) => n + 1);
        CheckCountWaiters(call.Method);
        var signal = Interlocked.Exchange(ref _callRecorded, NewSignal());
        signal.TrySetResult();
    }

    private void CheckCountWaiters(string method)
    {
        lock (_countWaiters)
        {
            if (_countWaiters.Count == 0)
            {
                return;
            }

            var count = CountCalls(method);
            _countWaiters.RemoveAll(w =>
            {
                if (!string.Equals(w.Method, method, StringComparison.OrdinalIgnoreCase) || count < w.Count)
                {
                    return false;
                }

                w.Done.TrySetResult();
                return true;
            });
        }
    }

    private ScriptedError? TakeScriptedError(TelegramCall call)
    {
        if (_nextErrors.TryGetValue(call.Method, out var queue) && queue.TryDequeue(out var next))
        {
            return next;
        }

        foreach (var rule in _rules.Values)
        {
            if (string.Equals(rule.Method, call.Method, StringComparison.OrdinalIgnoreCase) && rule.When(call))
            {
                return rule.Error;
            }
        }

        return null;
    }

    private static async Task<TelegramCall> ReadCallAsync(HttpContext context, string method)
    {
        var files = new Dictionary<string, byte[]>();
        JsonElement body;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var fields = new JsonObject();
            foreach (var (key, value) in form)
            {
                fields[key] = value.ToString();
            }

            foreach (var file in form.Files)
            {
                using var buffer = new MemoryStream();
                await file.CopyToAsync(buffer, context.RequestAborted);
                files[file.Name] = buffer.ToArray();
            }

            body = JsonSerializer.SerializeToElement(fields);
        }
        else
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.Length == 0
                ? JsonSerializer.SerializeToElement(new JsonObject())
                : JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
        }

        return new TelegramCall(method, body, files, DateTimeOffset.UtcNow);
    }

    private async Task AnswerAsync(HttpContext context, TelegramCall call)
    {
        switch (call.Method)
        {
            case "getMe":
                await WriteResultAsync(context, new JsonObject
                {
                    ["id"] = BotId,
                    ["is_bot"] = true,
                    ["first_name"] = "LinkedIn Test Bot",
                    ["username"] = BotUsername,
                    ["can_join_groups"] = true,
                    ["can_read_all_group_messages"] = false,
                    ["supports_inline_queries"] = false,
                });
                break;
            case "getUpdates":
                await AnswerGetUpdatesAsync(context, call);
                break;
            case "setWebhook":
                WebhookUrl = call.GetString("url");
                WebhookSecret = call.GetString("secret_token");
                EndActivePoll();
                await WriteResultAsync(context, true);
                break;
            case "deleteWebhook":
                WebhookUrl = null;
                WebhookSecret = null;
                await WriteResultAsync(context, true);
                break;
            case "sendMessage":
                await AnswerSendMessageAsync(context, call);
                break;
            case "sendPhoto":
            case "sendDocument":
                await WriteResultAsync(context, SentMessage(call, text: null));
                break;
            case "getFile":
                await AnswerGetFileAsync(context, call);
                break;
            case "editMessageText":
                await AnswerEditMessageTextAsync(context, call);
                break;
            case "getChatMember":
                await AnswerGetChatMemberAsync(context, call);
                break;
            default:
                // setMyCommands, sendChatAction, … : Telegram answers true.
                await WriteResultAsync(context, true);
                break;
        }
    }

    /// <summary>The header a test sets (through a message handler on the polling HttpClient) to tell replicas apart.</summary>
    public const string ReplicaHeader = "X-Fake-Replica";

    private readonly object _pollersGate = new();
    private readonly Dictionary<string, int> _openPollsByReplica = [];
    private int _maxReplicasPolling;

    /// <summary>
    /// The most replicas (told apart by <see cref="ReplicaHeader"/>) that had a getUpdates open at the same moment:
    /// Telegram allows one poller per bot. One replica's own polls may overlap for an instant (a poll it cancelled is
    /// still open here until Kestrel notices the closed connection, while its next request arrives); that is the same
    /// client asking again, not two pollers, and Telegram ends the older one.
    /// </summary>
    public int MaxReplicasPollingAtOnce
    {
        get
        {
            lock (_pollersGate)
            {
                return _maxReplicasPolling;
            }
        }
    }

    private async Task AnswerGetUpdatesAsync(HttpContext context, TelegramCall call)
    {
        var replica = context.Request.Headers[ReplicaHeader].ToString();
        lock (_pollersGate)
        {
            _openPollsByReplica[replica] = _openPollsByReplica.GetValueOrDefault(replica) + 1;
            _maxReplicasPolling = Math.Max(_maxReplicasPolling, _openPollsByReplica.Count);
        }

        // Counted as ended once its answer is decided, not after it is written: the same poller's next request may
        // arrive before this handler gets the CPU back, which is no overlap at all.
        var ended = 0;
        void End()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0)
            {
                lock (_pollersGate)
                {
                    if (--_openPollsByReplica[replica] == 0)
                    {
                        _openPollsByReplica.Remove(replica);
                    }
                }
            }
        }

        context.Items[PollEndKey] = (Action)End;
        try
        {
            await AnswerOneGetUpdatesAsync(context, call);
        }
        finally
        {
            End();
        }
    }

    private const string PollEndKey = "poll-end";

    private static void EndPoll(HttpContext context) => (context.Items[PollEndKey] as Action)?.Invoke();

    private async Task AnswerOneGetUpdatesAsync(HttpContext context, TelegramCall call)
    {
        if (WebhookUrl is not null)
        {
            await WriteErrorAsync(context, 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
            return;
        }

        var offset = call.GetLong("offset") ?? 0;
        var limit = (int)Math.Clamp(call.GetLong("limit") ?? 100, 1, 100);
        var timeout = TimeSpan.FromSeconds(Math.Clamp(call.GetLong("timeout") ?? 0, 0, 50));

        // Only one poller at a time: a newer getUpdates ends the older one with 409 (as Telegram does).
        using var mine = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var previous = Interlocked.Exchange(ref _activePoll, mine);
        var superseded = false;
        Cancel(previous);

        var deadline = DateTimeOffset.UtcNow + timeout;
        List<string> batch;
        while (true)
        {
            Task arrived;
            lock (_updatesGate)
            {
                if (offset > 0)
                {
                    _pendingUpdates.RemoveAll(u => (int)u["update_id"]! < offset);
                }

                // Serialized as they are instead of deep-cloned into a new JsonArray for every answer: the fake's CPU
                // counts against the bot in the benchmark, which hands out hundreds of updates a round.
                batch = [.. _pendingUpdates.Where(u => (int)u["update_id"]! >= offset).Take(limit).Select(u => u.ToJsonString())];
                arrived = _updatesArrived.Task;
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (batch.Count > 0 || left <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                await arrived.WaitAsync(left, mine.Token);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                // Shutting down: answer the poll now instead of holding Kestrel's shutdown for up to 50 s.
                break;
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                superseded = true;
                break;
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        Interlocked.CompareExchange(ref _activePoll, null, mine);
        EndPoll(context);
        if (superseded)
        {
            await WriteErrorAsync(context, 409, WebhookUrl is null
                ? "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
                : "Conflict: terminated by setWebhook request");
            return;
        }

        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync("""{"ok":true,"result":[""" + string.Join(',', batch) + "]}", context.RequestAborted);
    }

    private void EndActivePoll() => Cancel(Interlocked.Exchange(ref _activePoll, null));

    private static void Cancel(CancellationTokenSource? poll)
    {
        try
        {
            poll?.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task AnswerSendMessageAsync(HttpContext context, TelegramCall call)
    {
        if (call.ChatId is null)
        {
            await WriteErrorAsync(context, 400, "Bad Request: chat_id is empty");
            return;
        }

        var text = call.GetString("text");
        if (string.IsNullOrEmpty(text))
        {
            await WriteErrorAsync(context, 400, "Bad Request: message text is empty");
            return;
        }

        string visible;
        if (string.Equals(call.GetString("parse_mode"), "html", StringComparison.OrdinalIgnoreCase))
        {
            if (!TelegramHtml.TryParse(text, out visible, out var problem))
            {
                await WriteErrorAsync(context, 400, "Bad Request: can't parse entities: " + problem);
                return;
            }
        }
        else
        {
            visible = text;
        }

        if (visible.Trim().Length == 0)
        {
            await WriteErrorAsync(context, 400, "Bad Request: message text is empty");
            return;
        }

        if (visible.Length > 4096)
        {
            await WriteErrorAsync(context, 400, "Bad Request: message is too long");
            return;
        }

        if (RejectLocalButtonUrls && call.UrlButtons.Any(b => IsLocal(b.Url)))
        {
            await WriteErrorAsync(context, 400, "Bad Request: BUTTON_URL_INVALID");
            return;
        }

        await WriteResultAsync(context, SentMessage(call, visible));
    }

    private static bool IsLocal(string url) =>
        !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsLoopback || uri.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    private JsonObject SentMessage(TelegramCall call, string? text)
    {
        var chatId = call.ChatId ?? 0;
        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = chatId < 0 ? "supergroup" : "private" },
            ["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "LinkedIn Test Bot", ["username"] = BotUsername },
        };
        if (text is not null)
        {
            message["text"] = text;
        }

        RememberSent(call, message);
        return message;
    }

    private async Task AnswerGetFileAsync(HttpContext context, TelegramCall call)
    {
        if (call.GetString("file_id") is not { } id || !_filesById.TryGetValue(id, out var file))
        {
            await WriteErrorAsync(context, 400, "Bad Request: invalid file_id");
            return;
        }

        if (file.DeclaredSize > 20L * 1024 * 1024)
        {
            await WriteErrorAsync(context, 400, "Bad Request: file is too big");
            return;
        }

        await WriteResultAsync(context, new JsonObject
        {
            ["file_id"] = file.Id,
            ["file_unique_id"] = file.UniqueId,
            ["file_size"] = file.DeclaredSize,
            ["file_path"] = file.Path,
        });
    }

    private async Task ServeFileAsync(HttpContext context, string tokenAndPath)
    {
        var slash = tokenAndPath.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || tokenAndPath[..slash] != Token || !_filesByPath.TryGetValue(tokenAndPath[(slash + 1)..], out var file))
        {
            await WriteErrorAsync(context, 404, "Not Found");
            return;
        }

        Interlocked.Increment(ref _downloads);
        if (TakeStall(FileDownload))
        {
            await StallAsync(context, file.Content, "application/octet-stream");
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = file.Content.Length;
        await context.Response.Body.WriteAsync(file.Content, context.RequestAborted);
    }

    private static Task WriteResultAsync(HttpContext context, JsonNode result) =>
        WriteJsonAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });

    private static Task WriteErrorAsync(HttpContext context, int code, string description, int? retryAfter = null, long? migrateToChatId = null)
    {
        var envelope = new JsonObject { ["ok"] = false, ["error_code"] = code, ["description"] = description };
        if (retryAfter is not null || migrateToChatId is not null)
        {
            var parameters = new JsonObject();
            if (retryAfter is { } seconds)
            {
                parameters["retry_after"] = seconds;
            }

            if (migrateToChatId is { } chatId)
            {
                parameters["migrate_to_chat_id"] = chatId;
            }

            envelope["parameters"] = parameters;
        }

        return WriteJsonAsync(context, code, envelope);
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed record CountWaiter(string Method, int Count, TaskCompletionSource Done);

    private sealed record ScriptedError(int Code, string Description, int? RetryAfter, long? MigrateToChatId);

    private sealed record ErrorRule(string Method, Func<TelegramCall, bool> When, ScriptedError Error);

    private sealed record FakeFile(string Id, string UniqueId, string Path, byte[] Content, long DeclaredSize);

    private sealed class RuleHandle(Action remove) : IDisposable
    {
        public void Dispose() => remove();
    }
}
