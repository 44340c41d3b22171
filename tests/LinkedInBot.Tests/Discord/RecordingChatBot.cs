using System.Collections.Concurrent;
using System.Threading.Channels;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Discord;

/// <summary>
/// Stands in for the posting core: records each request (and the image bytes it was given), optionally
/// takes its time, then replies with whatever <see cref="Reply"/> says.
/// </summary>
internal sealed class RecordingChatBot : IChatBot
{
    private readonly ConcurrentQueue<ChatRequest> requests = new();
    private readonly Channel<(ChatRequest Request, byte[]? Image)> arrived = Channel.CreateUnbounded<(ChatRequest, byte[]?)>();

    public Func<ChatRequest, ChatReply> Reply { get; set; } = _ => ChatReply.Info("ok");

    public TimeSpan Delay { get; set; }

    /// <summary>Statuses (<see cref="ChatReply.Status"/>) sent after <see cref="Delay"/>, before the reply.</summary>
    public IReadOnlyList<string> Statuses { get; set; } = [];

    public IReadOnlyList<ChatRequest> Requests => [.. requests];

    public async Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        byte[]? image = null;
        if (request.Image is not null)
        {
            await using var stream = await request.Image.OpenAsync(cancellationToken);
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            image = copy.ToArray();
        }

        requests.Enqueue(request);
        arrived.Writer.TryWrite((request, image));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, cancellationToken);
        }

        foreach (var status in Statuses)
        {
            await send(ChatReply.Status(status), cancellationToken);
        }

        await send(Reply(request), cancellationToken);
    }

    /// <summary>The next request the core receives, with the image bytes it read.</summary>
    public async Task<(ChatRequest Request, byte[]? Image)> NextAsync(TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await arrived.Reader.ReadAsync(cancel.Token);
    }
}
