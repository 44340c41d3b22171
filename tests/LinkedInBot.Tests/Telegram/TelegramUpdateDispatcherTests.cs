using LinkedInBot.Tests.Support;
using LinkedInBot.Telegram;
using Microsoft.Extensions.Logging.Abstractions;
using Telegram.Bot.Types;

namespace LinkedInBot.Tests.Telegram;

public sealed class TelegramUpdateDispatcherTests
{
    [Fact]
    public async Task FullBuffer_MakesEnqueueWait_UntilAnUpdateFinishes()
    {
        var release = new TaskCompletionSource();
        using var dispatcher = new TelegramUpdateDispatcher((_, _) => release.Task, maxConcurrentChats: 4, capacity: 2, NullLogger.Instance);

        Assert.Equal(TelegramEnqueueResult.Accepted, await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None));
        Assert.Equal(TelegramEnqueueResult.Accepted, await dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), CancellationToken.None));
        var third = dispatcher.EnqueueAsync(UpdateIn(chat: 3, id: 3), CancellationToken.None).AsTask();

        await Task.Delay(100);
        Assert.False(third.IsCompleted);
        release.SetResult();
        Assert.Equal(TelegramEnqueueResult.Accepted, await third.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task CancelledWhileWaitingForRoom_TheUpdateIsNotTakenAndCanComeAgain()
    {
        var release = new TaskCompletionSource();
        var handled = new List<int>();
        using var dispatcher = OneRoomRecording(release.Task, handled);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), giveUp.Token).AsTask());

        release.SetResult();
        Assert.Equal(TelegramEnqueueResult.Accepted, await dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), CancellationToken.None));
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2], handled.Order());
    }

    [Fact]
    public async Task SameUpdateIdTwice_IsHandledOnce()
    {
        var count = 0;
        using var dispatcher = new TelegramUpdateDispatcher((_, _) => { Interlocked.Increment(ref count); return Task.CompletedTask; }, 4, 10, NullLogger.Instance);

        Assert.Equal(TelegramEnqueueResult.Accepted, await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 7), CancellationToken.None));
        Assert.Equal(TelegramEnqueueResult.Duplicate, await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 7), CancellationToken.None));
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, count);
    }

    [Fact]
    public async Task RedeliveryWhileTheFirstDeliveryWaitsForRoom_IsQueuedWhenTheFirstGivesUp()
    {
        var release = new TaskCompletionSource();
        var handled = new List<int>();
        using var dispatcher = OneRoomRecording(release.Task, handled);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);
        using var firstGivesUp = new CancellationTokenSource();
        var first = dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), firstGivesUp.Token).AsTask();

        // Telegram gave up on the first request and delivers the update again while the first still waits.
        var redelivery = dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), CancellationToken.None).AsTask();

        // Answering it now as a duplicate would drop the update once the first wait is cancelled.
        Assert.False(redelivery.IsCompleted);
        await firstGivesUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        release.SetResult();
        Assert.Equal(TelegramEnqueueResult.Accepted, await redelivery.WaitAsync(TimeSpan.FromSeconds(5)));
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1, 2], handled.Order());
    }

    [Fact]
    public async Task RedeliveryWhileTheFirstDeliveryWaitsForRoom_IsHandledOnce()
    {
        var release = new TaskCompletionSource();
        var handled = new List<int>();
        using var dispatcher = OneRoomRecording(release.Task, handled);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);
        var first = dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), CancellationToken.None).AsTask();
        var redelivery = dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 2), CancellationToken.None).AsTask();

        release.SetResult();
        var results = await Task.WhenAll(first, redelivery).WaitAsync(TimeSpan.FromSeconds(5));
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([TelegramEnqueueResult.Accepted, TelegramEnqueueResult.Duplicate], results.Order());
        Assert.Equal([1, 2], handled.Order());
    }

    [Fact]
    public async Task RedeliveryOfAQueuedUpdate_IsADuplicateAtOnce_EvenWhenTheBufferIsFull()
    {
        var release = new TaskCompletionSource();
        using var dispatcher = new TelegramUpdateDispatcher((_, _) => release.Task, maxConcurrentChats: 4, capacity: 1, NullLogger.Instance);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);

        var redelivery = dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);

        Assert.True(redelivery.IsCompleted);
        Assert.Equal(TelegramEnqueueResult.Duplicate, await redelivery);
        release.SetResult();
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task FailingUpdate_DoesNotStopItsChat()
    {
        var handled = new List<int>();
        using var dispatcher = new TelegramUpdateDispatcher(
            (u, _) =>
            {
                lock (handled)
                {
                    handled.Add(u.Id);
                }

                return u.Id == 1 ? throw new InvalidOperationException("boom") : Task.CompletedTask;
            },
            4,
            10,
            NullLogger.Instance);

        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 1), CancellationToken.None);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 2), CancellationToken.None);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1, 2], handled);
    }

    [Fact]
    public async Task Drain_AnUpdateStillQueuedWhenTheGraceEnds_IsDroppedWithAWarningNamingIt()
    {
        var logs = new CapturedLogs();
        using var factory = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var handled = new List<int>();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var dispatcher = new TelegramUpdateDispatcher(
            async (u, ct) =>
            {
                handled.Add(u.Id);
                if (u.Id == 10)
                {
                    started.SetResult();
                    await Task.Delay(Timeout.Infinite, ct);
                }
            },
            4,
            10,
            factory.CreateLogger("dispatcher"));
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 10), CancellationToken.None);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 12), CancellationToken.None);

        // On a busy machine the handler may not have started within the grace period otherwise.
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));

        await dispatcher.DrainAsync(TimeSpan.FromMilliseconds(100));

        Assert.Equal([10], handled);
        Assert.Contains(logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Text.Contains("update 12 in chat 1 was not handled before shutdown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drain_TracksTheLowestUnfinishedUpdate_AndCancelsWorkPastTheGracePeriod()
    {
        var cancelled = new TaskCompletionSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var dispatcher = new TelegramUpdateDispatcher(
            async (u, ct) =>
            {
                if (u.Id == 10)
                {
                    started.SetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    finally
                    {
                        cancelled.TrySetResult();
                    }
                }
            },
            4,
            10,
            NullLogger.Instance);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 10), CancellationToken.None);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 11), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.Equal(10, dispatcher.LowestUnfinishedUpdateId);

        await dispatcher.DrainAsync(TimeSpan.FromMilliseconds(100));

        // Cancelled mid-handler: still unfinished, so polling does not confirm it and Telegram delivers it again.
        Assert.True(cancelled.Task.IsCompleted);
        Assert.Equal(10, dispatcher.LowestUnfinishedUpdateId);
        Assert.Equal(TelegramEnqueueResult.ShuttingDown, await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 12), CancellationToken.None));
    }

    [Fact]
    public async Task Drain_AnUpdateThatNeverStarted_StaysTheLowestUnfinished_EvenAfterTheOneBeforeItFinishes()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handled = new List<int>();
        using var dispatcher = new TelegramUpdateDispatcher(
            async (u, _) =>
            {
                lock (handled)
                {
                    handled.Add(u.Id);
                }

                if (u.Id == 10)
                {
                    started.SetResult();

                    // Ignores the shutdown's cancellation and finishes after the grace period.
                    await Task.Delay(300, CancellationToken.None);
                }
            },
            4,
            10,
            NullLogger.Instance);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 10), CancellationToken.None);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 1, id: 12), CancellationToken.None);
        await dispatcher.EnqueueAsync(UpdateIn(chat: 2, id: 11), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(5));

        await dispatcher.DrainAsync(TimeSpan.FromMilliseconds(100));

        Assert.DoesNotContain(12, handled);
        Assert.Equal(12, dispatcher.LowestUnfinishedUpdateId);
    }

    [Fact]
    public async Task UpdatesWithoutAMessage_AreNotTaken()
    {
        using var dispatcher = new TelegramUpdateDispatcher((_, _) => Task.CompletedTask, 4, 10, NullLogger.Instance);

        Assert.Equal(TelegramEnqueueResult.NotHandled, await dispatcher.EnqueueAsync(new Update { Id = 1 }, CancellationToken.None));
    }

    private static Update UpdateIn(long chat, int id) => new() { Id = id, Message = new Message { Id = id, Chat = new Chat { Id = chat } } };

    /// <summary>Room for one update; each handler waits for <paramref name="release"/>, then records its update id.</summary>
    private static TelegramUpdateDispatcher OneRoomRecording(Task release, List<int> handled) => new(
        async (u, _) =>
        {
            await release;
            lock (handled)
            {
                handled.Add(u.Id);
            }
        },
        maxConcurrentChats: 4,
        capacity: 1,
        NullLogger.Instance);
}
