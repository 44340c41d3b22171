using LinkedInBot.Tests.Support;
using LinkedInBot.Discord;
using Microsoft.Extensions.Logging.Abstractions;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordBackgroundWorkTests
{
    [Fact]
    public async Task StopAsync_WaitsForRunningWorkToFinish()
    {
        using var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance);
        var release = new TaskCompletionSource();
        var finished = false;
        _ = work.Run("publish", async _ =>
        {
            await release.Task;
            finished = true;
        });

        var stopping = work.StopAsync(CancellationToken.None);
        await Task.Delay(100);
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        await stopping;

        Assert.True(finished);
        Assert.Equal(0, work.RunningCount);
    }

    [Fact]
    public async Task StopAsync_DoesNotWaitForADownloadNobodyNeeds_AndCancelsIt()
    {
        using var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance) { ShutdownGrace = TimeSpan.FromSeconds(30) };
        var download = work.RunUntilStop("download for an unsubmitted form", async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new byte[1];
        });

        await work.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(0, work.RunningCount);
    }

    [Fact]
    public async Task StopAsync_KeepsADownloadGoingWhileTheWorkThatNeedsItRuns()
    {
        using var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance);
        var bytesArrive = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var download = work.RunUntilStop("download for a submitted form", cancellationToken => bytesArrive.Task.WaitAsync(cancellationToken));
        byte[]? published = null;
        _ = work.Run("publish the submitted form", async _ => published = await download);

        var stopping = work.StopAsync(CancellationToken.None);
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted);
        bytesArrive.SetResult([1, 2, 3]);
        await stopping.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 3], published);
    }

    [Fact]
    public async Task StopAsync_AfterTheGracePeriod_CancelsWhatIsLeft()
    {
        using var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance) { ShutdownGrace = TimeSpan.FromMilliseconds(100) };
        var cancelled = false;
        _ = work.Run("stuck", async cancellationToken =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }
        });

        await work.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(cancelled);
    }

    [Fact]
    public async Task StopAsync_GivesCutOffWorkTheNoticeTime_AndStopsWithinTheGrace()
    {
        using var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance)
        {
            ShutdownGrace = TimeSpan.FromMilliseconds(600),
            CutOffNoticeTime = TimeSpan.FromMilliseconds(400),
        };
        var deadlineOpenWhenCutOff = false;
        var noticeCutShort = false;
        _ = work.Run("stuck, then slow to say so", async cancellationToken =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                deadlineOpenWhenCutOff = !work.CutOffNoticeDeadline.IsCancellationRequested;
                try
                {
                    await Task.Delay(Timeout.Infinite, work.CutOffNoticeDeadline);
                }
                catch (OperationCanceledException)
                {
                    noticeCutShort = true;
                }
            }
        });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await work.StopAsync(CancellationToken.None);

        // The work never ends by itself: a stop that returns at all was bounded by the grace. The margin is wide
        // because a loaded CI machine can add a second to any timer.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the stop took {clock.Elapsed}");
        Assert.True(deadlineOpenWhenCutOff);
        await Eventually.TrueAsync(() => Task.FromResult(noticeCutShort), "the notice deadline passes");
    }

    [Fact]
    public async Task Run_WhenWorkThrows_TheFailureIsLoggedAndNotLost()
    {
        var logs = new CapturedLogs();
        using var work = new DiscordBackgroundWork(new Microsoft.Extensions.Logging.Logger<DiscordBackgroundWork>(new Microsoft.Extensions.Logging.LoggerFactory([logs])));

        var task = work.Run("explodes", _ => throw new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => task);
        await work.StopAsync(CancellationToken.None);

        // The failure is logged by a continuation that may run just after the awaiting test resumes.
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Lines.Any(line => line.Contains("explodes", StringComparison.Ordinal) && line.Contains("boom", StringComparison.Ordinal))),
            "the failure is logged");
    }
}
