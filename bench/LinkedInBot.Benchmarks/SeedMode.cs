using System.Diagnostics;
using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--seed USERS POSTS</c>: fills the database named by <c>Storage:*</c> (environment variables, as for the bot)
/// through the bot's own stores: USERS linked Telegram users (<see cref="IAccountLinkStore.SaveAsync"/>, tokens
/// encrypted with the key ring the bot will use) and POSTS ledger entries spread over their chats, each begun,
/// published and answered (<see cref="IPostLedger.BeginAsync"/>, <see cref="IPostLedger.CompleteAsync"/>,
/// <see cref="IPostLedger.MarkRepliedAsync"/>) — what a bot that has run for a long time holds. Many writers at once,
/// so the store batches their commits; prints its progress and how long it took.
/// </summary>
internal static class SeedMode
{
    private const int Writers = 128;
    private const long FirstUserId = 10_000_000;

    public static async Task<int> RunAsync(int users, int posts)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddLinkedInBotStorage();
        using var host = builder.Build();
        await host.StartAsync();
        var links = host.Services.GetRequiredService<IAccountLinkStore>();
        var ledger = host.Services.GetRequiredService<IPostLedger>();

        var clock = Stopwatch.StartNew();
        await InParallelAsync(users, i => LinkAsync(links, i));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{users} linked users in {clock.Elapsed.TotalSeconds:F0} s"));

        var ledgerClock = Stopwatch.StartNew();
        await InParallelAsync(posts, i => PostAsync(ledger, users, i), progress: done =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{done} ledger rows after {ledgerClock.Elapsed.TotalSeconds:F0} s")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{posts} ledger rows in {ledgerClock.Elapsed.TotalSeconds:F0} s; seeding took {clock.Elapsed.TotalSeconds:F0} s"));

        await host.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return 0;
    }

    private static async Task InParallelAsync(int count, Func<int, Task> work, Action<int>? progress = null)
    {
        const int ReportEvery = 100_000;
        var next = -1;
        var done = 0;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await work(i);
                if (Interlocked.Increment(ref done) % ReportEvery == 0)
                {
                    progress?.Invoke(done);
                }
            }
        })));
    }

    private static Task LinkAsync(IAccountLinkStore links, int i)
    {
        var id = (FirstUserId + i).ToString(CultureInfo.InvariantCulture);
        var now = DateTimeOffset.UtcNow;
        return links.SaveAsync(
            new AccountLink(new ChatAddress("telegram", id, id), "urn:li:person:seed-" + id, "Seeded Member " + id, "seed-token-" + id, now.AddDays(60), ["openid", "profile", "w_member_social"], now, now),
            CancellationToken.None);
    }

    // What PostPublisher writes for a text post that was published and answered.
    private static async Task PostAsync(IPostLedger ledger, int users, int i)
    {
        var id = (FirstUserId + (i % users)).ToString(CultureInfo.InvariantCulture);
        var address = new ChatAddress("telegram", id, id, "{\"chat_id\":" + id + ",\"message_id\":" + i.ToString(CultureInfo.InvariantCulture) + "}");
        var now = DateTimeOffset.UtcNow;
        var (entry, _) = await ledger.BeginAsync(address, "seed-" + i.ToString(CultureInfo.InvariantCulture), $"Seeded post {i}: what we learned shipping a chat bot that posts to LinkedIn #benchmark", null, now, CancellationToken.None);
        var urn = "urn:li:share:" + (9_000_000_000_000_000_000 + i).ToString(CultureInfo.InvariantCulture);
        await ledger.CompleteAsync(entry.Id, new PublishOutcome.Published(urn, new Uri($"https://www.linkedin.com/feed/update/{urn}/")), now, CancellationToken.None);
        await ledger.MarkRepliedAsync(entry.Id, now, CancellationToken.None);
    }
}
