using System.Collections.Concurrent;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Support;

/// <summary>The test platform's adapter: records what the core says first (link results, resumed posts).</summary>
public sealed class RecordingNotifier(string platform = "test") : IChatNotifier, IDisposable
{
    private readonly ConcurrentQueue<(ChatAddress Address, ChatReply Reply)> _sent = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public string Platform { get; } = platform;

    public IReadOnlyList<(ChatAddress Address, ChatReply Reply)> Sent => [.. _sent];

    public void Dispose() => _arrived.Dispose();

    public Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        _sent.Enqueue((address, reply));
        _arrived.Release();
        return Task.CompletedTask;
    }

    /// <summary>Waits until at least <paramref name="count"/> messages arrived (or fails after a while).</summary>
    public async Task<IReadOnlyList<(ChatAddress Address, ChatReply Reply)>> WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_sent.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left))
            {
                throw new TimeoutException($"Expected {count} notification(s), got {_sent.Count}.");
            }
        }

        return Sent;
    }
}
