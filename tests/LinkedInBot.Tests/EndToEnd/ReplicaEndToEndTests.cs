using System.Globalization;
using System.Net;
using System.Text;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Storage;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using LinkedInBot.Tests.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>
/// Two whole bots (the real core, Telegram in webhook mode) that share only the database and the key ring, with
/// Telegram's deliveries spread over both, as behind a load balancer.
/// </summary>
public sealed class ReplicaEndToEndTests
{
    private const string Secret = "replica_secret";
    private const int Chats = 50;
    private const int PostsPerChat = 3;

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TwoReplicas_PostsDeliveredAlternately_AreEachPublishedOnce_InOrderWithinEachChat_AndAnsweredOnce(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.CreateLatency = TimeSpan.FromMilliseconds(100);
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();
        await using var replicas = await Replicas.StartAsync(telegram, linkedIn, storage, provider);
        await replicas.LinkEveryChatAsync(linkedIn);

        await replicas.DeliverBurstAsync(telegram);

        await Eventually.TrueAsync(() => Task.FromResult(telegram.CountCalls("sendMessage") >= Chats * PostsPerChat), "every post is answered", TimeSpan.FromSeconds(60));
        await replicas.JobsEndedAsync();
        AssertEachPublishedOnceInOrder(linkedIn);
        var replies = telegram.CallsTo("sendMessage");
        Assert.Equal(Chats * PostsPerChat, replies.Count);
        Assert.All(replies, reply => Assert.Contains("Published on LinkedIn", reply.Text ?? string.Empty, StringComparison.Ordinal));
        Assert.Equal(Chats * PostsPerChat, replies.Select(reply => reply.Text).Distinct().Count());
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task OneReplicaKilledMidBurst_TheOtherFinishesItsWorkWithinTheLeaseTime_NothingTwiceNothingLost(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.CreateLatency = TimeSpan.FromMilliseconds(300);
        await using var telegram = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();
        await using var replicas = await Replicas.StartAsync(telegram, linkedIn, storage, provider, leaseTimeout: "00:00:03");
        await replicas.LinkEveryChatAsync(linkedIn);

        await replicas.DeliverBurstAsync(telegram);
        await Eventually.TrueAsync(() => Task.FromResult(linkedIn.Posts.Count >= 20), "the burst is under way");
        var killedAt = DateTimeOffset.UtcNow;
        await replicas.KillSecondAsync();

        await Eventually.TrueAsync(() => Task.FromResult(linkedIn.Posts.Count == Chats * PostsPerChat), "the survivor publishes the rest", TimeSpan.FromSeconds(90));
        await replicas.JobsEndedAsync();
        AssertEachPublishedOnceInOrder(linkedIn);

        // Nothing lost: every post was answered (a reply the killed replica sent just before dying may come twice).
        var answered = telegram.CallsTo("sendMessage").Select(reply => reply.Text).Distinct().Count(text => text?.Contains("Published on LinkedIn", StringComparison.Ordinal) == true);
        Assert.Equal(Chats * PostsPerChat, answered);
        Assert.True(DateTimeOffset.UtcNow - killedAt < TimeSpan.FromSeconds(60));
    }

    private static void AssertEachPublishedOnceInOrder(FakeLinkedInServer linkedIn)
    {
        var posts = linkedIn.Posts;
        Assert.Equal(Chats * PostsPerChat, posts.Count);
        Assert.Equal(posts.Count, posts.Select(p => p.Commentary).Distinct().Count());
        foreach (var chat in posts.GroupBy(p => p.Commentary.Split(' ')[1]))
        {
            Assert.Equal(["0", "1", "2"], chat.Select(p => p.Commentary.Split(' ')[3]));
        }
    }

    /// <summary>
    /// Two bots over one database (the storage folder's SQLite file, or a fresh PostgreSQL schema) and the folder's key
    /// ring; the second can be killed: its database calls fail and it stops at once.
    /// </summary>
    private sealed class Replicas : IAsyncDisposable
    {
        private readonly List<WebApplication> apps;
        private readonly KillSwitch kill;
        private readonly string? schema;
        private bool secondStopped;

        private Replicas(List<WebApplication> apps, KillSwitch kill, string? schema)
        {
            this.apps = apps;
            this.kill = kill;
            this.schema = schema;
        }

        public static async Task<Replicas> StartAsync(
            FakeTelegramServer telegram, FakeLinkedInServer linkedIn, TempDirectory storage, StorageProvider provider, string leaseTimeout = "00:00:30")
        {
            var settings = new Dictionary<string, string?>
            {
                ["Telegram:Mode"] = "Webhook",
                ["Telegram:WebhookSecret"] = Secret,
                ["Bot:PublicBaseUrl"] = "https://bot.example.com/",
                ["Bot:LeaseTimeout"] = leaseTimeout,
                ["Bot:ShutdownGracePeriod"] = "00:00:00",
            };
            string? schema = null;
            if (provider == StorageProvider.PostgreSQL)
            {
                (settings["Storage:ConnectionString"], schema) = await PostgresServer.CreateSchemaAsync();
                settings["Storage:Provider"] = nameof(StorageProvider.PostgreSQL);
            }

            var kill = new KillSwitch();
            var first = TelegramBotHarness.Build(telegram, storage, settings, null, out _, out _, linkedIn);
            var second = TelegramBotHarness.Build(telegram, storage, settings, null, out _, out _, linkedIn, services => services.Decorate(kill));
            await first.StartAsync();
            await second.StartAsync();
            return new Replicas([first, second], kill, schema);
        }

        public async Task LinkEveryChatAsync(FakeLinkedInServer linkedIn)
        {
            var links = apps[0].Services.GetRequiredService<IAccountLinkStore>();
            var now = DateTimeOffset.UtcNow;
            for (var chat = 0; chat < Chats; chat++)
            {
                var user = UserId(chat);
                var token = linkedIn.IssueTokenFor($"sub-{user}", $"Member {user}");
                await links.SaveAsync(new AccountLink(new ChatAddress(TelegramAdapter.Platform, user, user), $"urn:li:person:sub-{user}", $"Member {user}", token, now.AddDays(60), ["w_member_social"], now, now), default);
            }
        }

        /// <summary>Every chat's posts, one round at a time, each delivery to the other replica than the last.</summary>
        public async Task DeliverBurstAsync(FakeTelegramServer telegram)
        {
            using var http = new HttpClient();
            var deliveries = 0;
            for (var post = 0; post < PostsPerChat; post++)
            {
                await Task.WhenAll(Enumerable.Range(0, Chats).Select(async chat =>
                {
                    var user = new FakeTelegramUser(long.Parse(UserId(chat), CultureInfo.InvariantCulture), $"User{chat}");
                    var update = telegram.WebhookUpdate(FakeTelegramChat.Private(user), user, $"/post chat {chat} post {post}");
                    var app = apps[Interlocked.Increment(ref deliveries) % 2];
                    using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(app.Urls.First()), "/telegram/webhook"))
                    {
                        Content = new StringContent(update.Update.ToJsonString(), Encoding.UTF8, "application/json"),
                    };
                    request.Headers.Add(TelegramWebhook.SecretHeader, Secret);
                    using var response = await http.SendAsync(request);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }));
            }
        }

        /// <summary>Every job has ended, and no replica still running is inside one (see <see cref="JobsEnded"/>).</summary>
        public Task JobsEndedAsync() => JobsEnded.WaitAsync([.. apps.Take(secondStopped ? 1 : 2).Select(a => a.Services)]);

        public async Task KillSecondAsync()
        {
            kill.Kill();
            await apps[1].StopAsync();
            secondStopped = true;
        }

        public async ValueTask DisposeAsync()
        {
            await apps[0].StopAsync();
            if (!secondStopped)
            {
                await apps[1].StopAsync();
            }

            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }

            if (schema is not null)
            {
                await PostgresServer.DropSchemaAsync(schema);
            }
        }

        private static string UserId(int chat) => (5000 + chat).ToString(CultureInfo.InvariantCulture);
    }
}

/// <summary>After <see cref="Kill"/>, every lease call fails: a dead process renews nothing and releases nothing.</summary>
internal sealed class KillSwitch
{
    private volatile bool killed;

    public void Kill() => killed = true;

    public ILeaseStore Wrap(ILeaseStore inner) => new Store(inner, this);

    private sealed class Store(ILeaseStore inner, KillSwitch kill) : ILeaseStore
    {
        public Task<bool> TryAcquireAsync(string key, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken) =>
            Alive() ?? inner.TryAcquireAsync(key, owner, now, leaseTime, cancellationToken);

        public Task<IReadOnlyList<string>> RenewAsync(IReadOnlyCollection<string> keys, string owner, DateTimeOffset now, TimeSpan leaseTime, CancellationToken cancellationToken) =>
            kill.killed ? throw new IOException("killed") : inner.RenewAsync(keys, owner, now, leaseTime, cancellationToken);

        public Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken) =>
            kill.killed ? Task.CompletedTask : inner.ReleaseAsync(key, owner, cancellationToken);

        public Task ReleaseAllAsync(string owner, CancellationToken cancellationToken) =>
            kill.killed ? Task.CompletedTask : inner.ReleaseAllAsync(owner, cancellationToken);

        public Task<IReadOnlyList<string>> ListOwnersAsync(CancellationToken cancellationToken) =>
            kill.killed ? throw new IOException("killed") : inner.ListOwnersAsync(cancellationToken);

        private Task<bool>? Alive() => kill.killed ? Task.FromException<bool>(new IOException("killed")) : null;
    }
}

internal static class KillSwitchDecoration
{
    public static IServiceCollection Decorate(this IServiceCollection services, KillSwitch kill)
    {
        services.AddSingleton<SqliteLeaseStore>();
        services.AddSingleton<PostgresLeaseStore>();
        return services.Replace(ServiceDescriptor.Singleton<ILeaseStore>(provider => kill.Wrap(
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.PostgreSQL
                ? provider.GetRequiredService<PostgresLeaseStore>()
                : provider.GetRequiredService<SqliteLeaseStore>())));
    }
}
