using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Posting;

public sealed class ChatStatusReporterTests
{
    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-12-05T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<string> shown = [];

    private ChatStatusReporter Reporter(Func<Task>? during = null) =>
        new(
            async (reply, _) =>
            {
                Assert.True(reply.IsStatus);
                if (during is not null)
                {
                    await during();
                }

                lock (shown)
                {
                    shown.Add(reply.Text);
                }
            },
            clock,
            NullLogger.Instance,
            CancellationToken.None);

    [Fact]
    public async Task Progress_IsShownAtMostEveryTwoSeconds_AndOnlyWhenThePercentChanges()
    {
        var reporter = Reporter();
        var status = new VideoUploadStatus(reporter);

        status.Report(new VideoUploadProgress(0, 1000, false));
        await Eventually(() => shown.Count == 1);
        status.Report(new VideoUploadProgress(100, 1000, false));
        clock.Advance(TimeSpan.FromSeconds(2));
        status.Report(new VideoUploadProgress(400, 1000, false));
        await Eventually(() => shown.Count == 2);
        clock.Advance(TimeSpan.FromSeconds(3));
        status.Report(new VideoUploadProgress(401, 1000, false));
        status.Report(new VideoUploadProgress(1000, 1000, true));
        await Eventually(() => shown.Count == 3);
        await reporter.CompleteAsync();

        Assert.Equal(["Uploading video… 0 %", "Uploading video… 40 %", VideoReplies.Processing], shown);
    }

    [Fact]
    public async Task WhileAStatusIsBeingSent_OnlyTheLatestWaits_AndNothingIsShownAfterCompletion()
    {
        var release = new TaskCompletionSource();
        var reporter = Reporter(() => release.Task);

        reporter.Show("first", milestone: true);
        reporter.Show("second", milestone: true);
        reporter.Show("third", milestone: true);
        release.SetResult();
        await Eventually(() => shown.Count == 2);
        await reporter.CompleteAsync();
        reporter.Show("too late", milestone: true);
        await Settled();

        Assert.Equal(["first", "third"], shown);
    }

    [Fact]
    public async Task CompleteAsync_WaitsForTheStatusInFlight_SoItCannotLandAfterTheAnswer()
    {
        var release = new TaskCompletionSource();
        var reporter = Reporter(() => release.Task);
        reporter.Show("uploading", milestone: true);

        var completing = reporter.CompleteAsync();
        await Task.Delay(50);
        Assert.False(completing.IsCompleted);
        release.SetResult();
        await completing;

        Assert.Equal(["uploading"], shown);
    }

    [Fact]
    public async Task AFailingStatus_IsSwallowed()
    {
        var reporter = new ChatStatusReporter((_, _) => throw new IOException("down"), clock, NullLogger.Instance, CancellationToken.None);

        reporter.Show("a", milestone: true);
        await reporter.CompleteAsync();
    }

    private static Task Settled() => Task.Delay(30);

    private async Task Eventually(Func<bool> condition)
    {
        for (var i = 0; i < 1000 && !Locked(condition); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(Locked(condition));
    }

    private bool Locked(Func<bool> condition)
    {
        lock (shown)
        {
            return condition();
        }
    }
}
