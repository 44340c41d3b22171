using LinkedInBot.Tests.Support;
using LinkedInBot.Discord;
using Microsoft.Extensions.Logging.Abstractions;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordBackgroundWorkTests
{
    [Fact]
    public async Task Dispose_CancelsADownloadStillRunning()
    {
        var work = new DiscordBackgroundWork(NullLogger<DiscordBackgroundWork>.Instance);
        var download = work.RunUntilStop("download for an unsubmitted form", async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return new byte[1];
        });

        work.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task RunUntilStop_WhenWorkThrows_TheFailureIsLoggedAndNotLost()
    {
        var logs = new CapturedLogs();
        using var work = new DiscordBackgroundWork(new Microsoft.Extensions.Logging.Logger<DiscordBackgroundWork>(new Microsoft.Extensions.Logging.LoggerFactory([logs])));

        var task = work.RunUntilStop<byte[]>("explodes", _ => throw new InvalidOperationException("boom"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => task);

        // The failure is logged by a continuation that may run just after the awaiting test resumes.
        await Eventually.TrueAsync(
            () => Task.FromResult(logs.Lines.Any(line => line.Contains("explodes", StringComparison.Ordinal) && line.Contains("boom", StringComparison.Ordinal))),
            "the failure is logged");
    }
}
