using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--minimal-bot</c>: the least any polling bot can do, in a process of its own like the real one — long-poll
/// getUpdates, and per <c>/post</c> one create at LinkedIn and one sendMessage, over one plain HttpClient, every
/// update at once. No library, no ledger, no ordering, no retries. It is the floor the real bot is read against:
/// on a machine whose cores the fakes share, even this pays for receiving updates and for a second process.
/// </summary>
internal static class MinimalBot
{
    public static async Task<int> RunAsync()
    {
        var members = BenchmarkWorld.ReadMembers(Environment.GetEnvironmentVariable("BENCH_MEMBERS_FILE")!)
            .ToDictionary(m => m.UserId);
        var telegram = Environment.GetEnvironmentVariable("Telegram__ApiBaseUrl")!.TrimEnd('/') + "/bot" + Environment.GetEnvironmentVariable("Telegram__BotToken");
        var linkedIn = Environment.GetEnvironmentVariable("LinkedIn__ApiBaseUrl")!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var stop = new CancellationTokenSource();

        Console.WriteLine(ChildProcess.Ready);
        var polling = PollAsync(http, telegram, linkedIn, members, stop.Token);
        await Console.In.ReadToEndAsync();
        await stop.CancelAsync();
        try
        {
            await polling;
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    private static async Task PollAsync(HttpClient http, string telegram, string linkedIn, Dictionary<long, BenchmarkMember> members, CancellationToken cancellationToken)
    {
        var offset = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            using var response = await http.PostAsJsonAsync(telegram + "/getUpdates", new JsonObject { ["offset"] = offset, ["limit"] = 100, ["timeout"] = 50 }, cancellationToken);
            using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            foreach (var update in body.RootElement.GetProperty("result").EnumerateArray())
            {
                offset = update.GetProperty("update_id").GetInt64() + 1;
                var message = update.GetProperty("message");
                var chatId = message.GetProperty("chat").GetProperty("id").GetInt64();
                var member = members[message.GetProperty("from").GetProperty("id").GetInt64()];
                var text = message.GetProperty("text").GetString()!;
                _ = Task.Run(() => PostAsync(http, telegram, linkedIn, member, chatId, text["/post ".Length..]), CancellationToken.None);
            }
        }
    }

    private static async Task PostAsync(HttpClient http, string telegram, string linkedIn, BenchmarkMember member, long chatId, string text)
    {
        var urn = await BaselineRun.PublishAsync(http, linkedIn, member, text, CancellationToken.None);
        using var reply = await http.PostAsJsonAsync(telegram + "/sendMessage", new JsonObject
        {
            ["chat_id"] = chatId,
            ["text"] = $"Published on LinkedIn: https://www.linkedin.com/feed/update/{urn}/",
        });
        reply.EnsureSuccessStatusCode();
    }
}
