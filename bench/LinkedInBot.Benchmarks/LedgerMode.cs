using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--ledger</c>: the post ledger alone, no HTTP — what the posting core writes for every post (begin with the
/// encrypted reply context, outcome, replied), 200 posts at once per round like the throughput figure, on a SQLite
/// file in a temp folder. Prints the CPU each post costs, which is most of what the core adds to the adapter.
/// </summary>
internal static class LedgerMode
{
    private const int PostsPerRound = 200;
    private const int WarmUpRounds = 30;
    private const int MeasuredRounds = 20;

    public static async Task<int> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "linkedinbot-ledger-" + Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={Path.Combine(folder, "ledger.db")}",
            ["Storage:KeysDirectory"] = Path.Combine(folder, "keys"),
        });
        builder.Logging.ClearProviders();
        builder.Services.AddLinkedInBotStorage();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var ledger = host.Services.GetRequiredService<IPostLedger>();
            var cpu = new List<double>();
            for (var round = 1; round <= WarmUpRounds + MeasuredRounds; round++)
            {
                var before = OwnProcess.Cpu;
                await Task.WhenAll(Enumerable.Range(0, PostsPerRound).Select(i => Task.Run(() => OnePostAsync(ledger, round, i))));
                if (round > WarmUpRounds)
                {
                    cpu.Add((OwnProcess.Cpu - before).TotalMicroseconds / PostsPerRound);
                }

                await Task.Delay(100);
            }

            cpu.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Ledger alone, {PostsPerRound} posts at once, {MeasuredRounds} rounds after {WarmUpRounds} of warm-up: CPU per post mean {cpu.Average():F0} us, median {cpu[cpu.Count / 2]:F0} us, range {cpu[0]:F0}-{cpu[^1]:F0} us."));
        }
        finally
        {
            await host.StopAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }

        return 0;
    }

    // The three writes PostPublisher makes for a text post that is published and answered.
    private static async Task OnePostAsync(IPostLedger ledger, int round, int i)
    {
        var chat = (700_000 + i).ToString(CultureInfo.InvariantCulture);
        var address = new ChatAddress("telegram", chat, chat, "{\"chat\":" + chat + "}");
        var now = DateTimeOffset.UtcNow;
        var (entry, _) = await ledger.BeginAsync(address, $"{round}-{i}", $"Ledger round {round} from member {i} #benchmark", null, now, CancellationToken.None);
        var urn = "urn:li:share:" + entry.Id.ToString(CultureInfo.InvariantCulture);
        await ledger.CompleteAsync(entry.Id, new PublishOutcome.Published(urn, new Uri($"https://www.linkedin.com/feed/update/{urn}/")), now, CancellationToken.None);
        await ledger.MarkRepliedAsync(entry.Id, now, CancellationToken.None);
    }
}
