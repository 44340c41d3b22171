using System.Collections.Concurrent;
using System.Diagnostics;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Telegram;

/// <summary>A stand-in for the posting core: records each request, optionally waits, answers with a scripted reply.</summary>
internal sealed class ScriptedChatBot : IChatBot
{
    private readonly ConcurrentQueue<HandledRequest> _handled = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _maxRunning;

    /// <summary>The reply for a request; default echoes the command and text.</summary>
    public Func<ChatRequest, ChatReply> Reply { get; set; } = r => ChatReply.Info($"{r.Command}: {r.Text}");

    /// <summary>How long each request takes before its reply (a slow LinkedIn).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Each request waits for this before its reply (a LinkedIn that answers when the test says so).</summary>
    public Task Gate { get; set; } = Task.CompletedTask;

    /// <summary>Statuses (<see cref="ChatReply.Status"/>) sent before the reply, as the core does during a video upload.</summary>
    public IReadOnlyList<string> Statuses { get; set; } = [];

    /// <summary>Reads the image of a post, as the core does when it publishes.</summary>
    public bool ReadImages { get; set; }

    public int MaxConcurrency => Volatile.Read(ref _maxRunning);

    public IReadOnlyList<HandledRequest> Handled => [.. _handled];

    public async Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var started = _clock.Elapsed;
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            await Gate.WaitAsync(cancellationToken);

            byte[]? image = null;
            Exception? imageError = null;
            if (ReadImages && request.Image is { } attached)
            {
                try
                {
                    await using var stream = await attached.OpenAsync(cancellationToken);
                    using var buffer = new MemoryStream();
                    await stream.CopyToAsync(buffer, cancellationToken);
                    image = buffer.ToArray();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    imageError = e;
                }
            }

            foreach (var status in Statuses)
            {
                await send(ChatReply.Status(status), cancellationToken);
            }

            await send(Reply(request), cancellationToken);
            _handled.Enqueue(new HandledRequest(request, started, _clock.Elapsed, image, imageError));
        }
        finally
        {
            Interlocked.Decrement(ref _running);
            Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }

    public async Task<IReadOnlyList<HandledRequest>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (_handled.Count >= count)
            {
                return Handled;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Expected {count} handled request(s), saw {_handled.Count}.");
            }
        }
    }

    public async Task<HandledRequest> WaitForOneAsync() => (await WaitForAsync(1))[0];

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current)
        {
            current = Volatile.Read(ref target);
        }
    }
}

internal sealed record HandledRequest(ChatRequest Request, TimeSpan Started, TimeSpan Finished, byte[]? Image, Exception? ImageError);
