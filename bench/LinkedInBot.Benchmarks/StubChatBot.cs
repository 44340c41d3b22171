using LinkedInBot.Core.Chat;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// A posting "core" that only makes the baseline's create call and answers: with it, the bot's figure shows what
/// the Telegram side costs on its own (polling, dispatch, Telegram.Bot, reply delivery).
/// </summary>
internal sealed class StubChatBot(string linkedInBaseUrl, IReadOnlyList<BenchmarkMember> members) : IChatBot, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly Dictionary<string, BenchmarkMember> _byUser = members.ToDictionary(m => m.UserId.ToString());

    public async Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var urn = await BaselineRun.PublishAsync(_http, linkedInBaseUrl, _byUser[request.Address.UserId], "Stub " + request.Text, cancellationToken);
        var url = new Uri($"https://www.linkedin.com/feed/update/{urn}/");
        await send(new ChatReply($"Published on LinkedIn: {url}", [new LinkButton("Open on LinkedIn", url)], ReplyVisibility.Public), cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}
