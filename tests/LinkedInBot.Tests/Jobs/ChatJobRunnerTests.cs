using System.Collections.Concurrent;
using LinkedInBot.Core;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Jobs;

public sealed class ChatJobRunnerTests : IDisposable
{
    private readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task JobsOfOneChat_RunInOrder_WhileOtherChatsRunInParallel_UpToTheLimit()
    {
        var log = new ConcurrentQueue<(string Chat, string Payload)>();
        var running = 0;
        var maxRunning = 0;
        var overlapInAChat = false;
        var busyChats = new ConcurrentDictionary<string, bool>();
        await using var host = await JobRuntimeHost.StartAsync(folder, async (job, ct) =>
        {
            if (!busyChats.TryAdd(job.ChatKey, true))
            {
                overlapInAChat = true;
            }

            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await Task.Delay(50, ct); // work that takes a while, so the chats overlap
            log.Enqueue((job.ChatKey, job.Payload));
            Interlocked.Decrement(ref running);
            busyChats.TryRemove(job.ChatKey, out _);
        }, tune: o => o.MaxConcurrentChats = 3);

        for (var i = 0; i < 4; i++)
        {
            for (var chat = 0; chat < 6; chat++)
            {
                await host.EnqueueAsync($"test:{chat}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        await Eventually.TrueAsync(() => Task.FromResult(log.Count == 24), "every job runs", TimeSpan.FromSeconds(20));
        Assert.False(overlapInAChat);
        Assert.InRange(maxRunning, 2, 3);
        foreach (var chat in log.GroupBy(entry => entry.Chat))
        {
            Assert.Equal(["0", "1", "2", "3"], chat.Select(entry => entry.Payload));
        }
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task TwoReplicasOnOneDatabase_RunEveryJobOnce_AndNeverOneChatInBoth(StorageProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var runs = new ConcurrentQueue<(string Chat, string Payload, string Owner)>();
        var busyChats = new ConcurrentDictionary<string, bool>();
        var overlap = false;
        JobRuntimeHost? a = null;
        JobRuntimeHost? b = null;
        Func<ChatJob, CancellationToken, Task> Run(Func<JobRuntimeHost?> self) => async (job, ct) =>
        {
            overlap |= !busyChats.TryAdd(job.ChatKey, true);
            await Task.Delay(Random.Shared.Next(1, 20), ct); // uneven work, so the replicas interleave
            runs.Enqueue((job.ChatKey, job.Payload, self()!.Runner.Owner));
            busyChats.TryRemove(job.ChatKey, out _);
        };
        a = await JobRuntimeHost.StartAsync(folder, Run(() => a), postgres: database.Postgres);
        b = await JobRuntimeHost.StartAsync(folder, Run(() => b), postgres: database.Postgres);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                for (var chat = 0; chat < 20; chat++)
                {
                    // Alternately received by each replica, like deliveries behind a load balancer.
                    await ((chat + i) % 2 == 0 ? a : b).EnqueueAsync($"test:{chat}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            await Eventually.TrueAsync(() => Task.FromResult(runs.Count >= 60), "every job runs", TimeSpan.FromSeconds(30));
            await JobsEnded.WaitAsync(a.Host.Services, b.Host.Services);
            Assert.Equal(60, runs.Count);
            Assert.False(overlap);
            foreach (var chat in runs.GroupBy(r => r.Chat))
            {
                Assert.Equal(["0", "1", "2"], chat.Select(r => r.Payload));
            }

        }
        finally
        {
            await b.DisposeAsync();
            await a.DisposeAsync();
        }
    }

    [Fact]
    public async Task AReplicaThatStopsRenewing_LosesItsChat_AndAnotherFinishesTheJob()
    {
        var firstAttemptCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finishedBy = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        JobRuntimeHost? survivor = null;
        var partitioned = new FailingRenewals();

        // The first replica hangs in the job and cannot renew (a partition, a frozen process).
        await using var stuck = await JobRuntimeHost.StartAsync(
            folder,
            async (job, ct) =>
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    firstAttemptCancelled.TrySetResult();
                    throw;
                }
            },
            tune: o => o.LeaseTimeout = TimeSpan.FromSeconds(1),
            services: s => s.Decorate(partitioned));
        await stuck.EnqueueAsync("test:1", "post");
        await Eventually.TrueAsync(() => Task.FromResult(stuck.Runner.RunningChats == 1), "the first replica runs the chat");

        survivor = await JobRuntimeHost.StartAsync(folder, (job, ct) =>
        {
            finishedBy.TrySetResult(job.Payload + " attempt " + job.Attempts);
            return Task.CompletedTask;
        }, tune: o => o.LeaseTimeout = TimeSpan.FromSeconds(1));
        try
        {
            Assert.Equal("post attempt 2", await finishedBy.Task.WaitAsync(TimeSpan.FromSeconds(10)));
            await firstAttemptCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Contains(stuck.Logs.Lines, l => l.Contains("Lost the lease of chat test:1", StringComparison.Ordinal));
        }
        finally
        {
            await survivor.DisposeAsync();
        }
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task AJobDueLater_RunsOnceAtItsTime_WithTwoReplicasUp(StorageProvider provider)
    {
        await using var database = await SharedDatabase.CreateAsync(provider);
        var runs = new ConcurrentQueue<DateTimeOffset>();
        Task Record(ChatJob job, CancellationToken ct)
        {
            runs.Enqueue(DateTimeOffset.UtcNow);
            return Task.CompletedTask;
        }

        await using var a = await JobRuntimeHost.StartAsync(folder, Record, postgres: database.Postgres);
        await using var b = await JobRuntimeHost.StartAsync(folder, Record, postgres: database.Postgres);
        var due = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);

        await a.EnqueueAsync("test:scheduled", "later", due);

        // Not early: a real wait, since a job that did not run sends no signal (the runners' clock is the real one,
        // shared by two hosts and the database's due times).
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Empty(runs);
        await Eventually.TrueAsync(() => Task.FromResult(!runs.IsEmpty), "the job runs", TimeSpan.FromSeconds(5));
        await JobsEnded.WaitAsync(a.Host.Services, b.Host.Services);
        var ran = Assert.Single(runs);
        Assert.InRange(ran - due, TimeSpan.FromMilliseconds(-50), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task AJobThatKeepsFailing_IsTriedFiveTimesWithGrowingWaits_ThenGivenUpAndEndedAsFailed()
    {
        var attempts = new ConcurrentQueue<(int Attempt, DateTimeOffset At)>();
        await using var host = await JobRuntimeHost.StartAsync(folder, (job, ct) =>
        {
            attempts.Enqueue((job.Attempts, DateTimeOffset.UtcNow));
            throw new HttpRequestException("Telegram is down");
        });

        var (id, _) = await host.EnqueueAsync("test:1", "post");

        await Eventually.TrueAsync(() => Task.FromResult(!host.Handler.GaveUp.IsEmpty), "the job is given up", TimeSpan.FromSeconds(10));
        Assert.Equal([1, 2, 3, 4, 5], attempts.Select(a => a.Attempt));
        var times = attempts.Select(a => a.At).ToList();
        // 50, 100, 200, 400 ms (JobRetryDelay 50 ms, doubling): a load can only make a wait longer, never shorter.
        Assert.True(times[4] - times[3] >= TimeSpan.FromMilliseconds(350), $"the fourth wait was {times[4] - times[3]}");
        Assert.True(times[4] - times[0] >= TimeSpan.FromMilliseconds(700), $"the waits added up to {times[4] - times[0]}");
        await Eventually.TrueAsync(async () => await host.Jobs.GetStateAsync(id, default) == ChatJobState.Failed, "the job ends as failed");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("Telegram is down", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFailingJob_HoldsItsChatsLaterJobsBack_UntilItSucceeds()
    {
        var order = new ConcurrentQueue<string>();
        var failures = 0;
        await using var host = await JobRuntimeHost.StartAsync(folder, (job, ct) =>
        {
            if (job.Payload == "first" && Interlocked.Increment(ref failures) <= 2)
            {
                throw new IOException("not yet");
            }

            order.Enqueue(job.Payload);
            return Task.CompletedTask;
        });

        await host.EnqueueAsync("test:1", "first");
        await host.EnqueueAsync("test:1", "second");

        await Eventually.TrueAsync(() => Task.FromResult(order.Count == 2), "both run", TimeSpan.FromSeconds(10));
        Assert.Equal(["first", "second"], order);
    }

    [Fact]
    public async Task Shutdown_LetsARunningJobFinishWithinTheGrace_CutsOffTheRest_AndReleasesTheLeases()
    {
        var folderRelease = new TaskCompletionSource();
        await using var host = await JobRuntimeHost.StartAsync(folder, async (job, ct) =>
        {
            if (job.Payload == "quick")
            {
                await Task.Delay(200, CancellationToken.None);
                return;
            }

            await Task.Delay(Timeout.Infinite, ct);
        }, tune: o => o.ShutdownGracePeriod = TimeSpan.FromSeconds(1));
        var (quick, _) = await host.EnqueueAsync("test:quick", "quick");
        var (slow, _) = await host.EnqueueAsync("test:slow", "slow");
        await Eventually.TrueAsync(() => Task.FromResult(host.Runner.RunningChats == 2), "both run");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.Host.StopAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
        Assert.Equal(ChatJobState.Done, await host.Jobs.GetStateAsync(quick, default));
        Assert.Equal(ChatJobState.Queued, await host.Jobs.GetStateAsync(slow, default));
        var leases = host.Host.Services.GetService(typeof(ILeaseStore)) as ILeaseStore;
        Assert.True(await leases!.TryAcquireAsync("test:slow", "someone else", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(30), default));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>For PostgreSQL, a fresh schema the replicas share (dropped at the end); for SQLite, nothing (the folder's file).</summary>
    private sealed class SharedDatabase : IAsyncDisposable
    {
        private string? schema;

        public string? Postgres { get; private set; }

        public static async Task<SharedDatabase> CreateAsync(StorageProvider provider)
        {
            var database = new SharedDatabase();
            if (provider == StorageProvider.PostgreSQL)
            {
                (database.Postgres, database.schema) = await PostgresServer.CreateSchemaAsync();
            }

            return database;
        }

        public async ValueTask DisposeAsync()
        {
            if (schema is not null)
            {
                await PostgresServer.DropSchemaAsync(schema);
            }
        }
    }
}
