using LinkedInBot.Core;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using LinkedInBot.Telegram;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>Two bot processes sharing one database (and key ring), as replicas behind one bot token.</summary>
public sealed class TelegramReplicaTests
{
    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TwoReplicasInPollingMode_NeverPollAtOnce_AndTheOtherTakesOverWhenThePollerStops(StorageProvider provider)
    {
        await using var server = await FakeTelegramServer.StartAsync();
        using var storage = new TempDirectory();
        var settings = new Dictionary<string, string?> { ["Bot:LeaseTimeout"] = "00:00:03" };
        string? schema = null;
        if (provider == StorageProvider.PostgreSQL)
        {
            (var connectionString, schema) = await PostgresServer.CreateSchemaAsync();
            settings["Storage:Provider"] = nameof(StorageProvider.PostgreSQL);
            settings["Storage:ConnectionString"] = connectionString;
        }

        var a = Build(server, storage, settings, null, out var coreA, out var logsA, services: s => TagPolls(s, "a"));
        var b = Build(server, storage, settings, null, out var coreB, out var logsB, services: s => TagPolls(s, "b"));
        await a.StartAsync();
        await b.StartAsync();
        var stopped = false;
        try
        {
            // Longer than the lease, so the poller renews it at least once while the other keeps asking. Real time on
            // purpose: two hosts renew and take over a lease by the database's clock and their own timers.
            for (var i = 0; i < 8; i++)
            {
                server.UserSends(AdaPrivate, Ada, $"/post hello {i}");
                await Task.Delay(500);
            }

            await Eventually.TrueAsync(() => Task.FromResult(coreA.Handled.Count + coreB.Handled.Count == 8), "every update is handled");
            Assert.Equal(1, server.MaxReplicasPollingAtOnce);
            var (poller, other, otherCore) = logsA.Lines.Any(l => l.Contains("This replica polls Telegram", StringComparison.Ordinal))
                ? (a, b, coreB)
                : (b, a, coreA);
            Assert.Single(new[] { logsA, logsB }, logs => logs.Lines.Any(l => l.Contains("This replica polls Telegram", StringComparison.Ordinal)));

            await poller.StopAsync();
            stopped = true;
            server.UserSends(AdaPrivate, Ada, "/post after the switch");

            var handled = await otherCore.WaitForAsync(otherCore.Handled.Count + 1, TimeSpan.FromSeconds(15));
            Assert.Equal("after the switch", handled[^1].Request.Text);
            Assert.Equal(1, server.MaxReplicasPollingAtOnce);
            Assert.Equal(8, coreA.Handled.Concat(coreB.Handled).Count(h => h.Request.Text.StartsWith("hello", StringComparison.Ordinal)));
            await other.StopAsync();
        }
        finally
        {
            if (!stopped)
            {
                await a.StopAsync();
            }

            await a.DisposeAsync();
            await b.DisposeAsync();
            if (schema is not null)
            {
                await PostgresServer.DropSchemaAsync(schema);
            }
        }
    }

    /// <summary>Marks one replica's polls, so the fake Telegram can tell two pollers from one poller asking again.</summary>
    private static void TagPolls(IServiceCollection services, string replica) =>
        services.AddHttpClient(TelegramClients.PollingHttpClient).AddHttpMessageHandler(() => new ReplicaTag(replica));

    private sealed class ReplicaTag(string replica) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add(FakeTelegramServer.ReplicaHeader, replica);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
