using System.Diagnostics;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// Issue 12 §5: publishing a 20 MB video keeps the bot's peak RSS within 64 MiB of its idle RSS. The bot process
/// (<c>--bot</c>, Telegram polling) gets a video with <c>/post</c> in its caption from the fake Telegram and publishes it
/// through the real LinkedIn client to the fake Videos API (4 MiB parts, bytes not kept there), streaming it from one to
/// the other. Idle is measured in the same process just before, after a warm-up that includes a small video.
/// </summary>
internal static class VideoMemory
{
    public const int VideoBytes = 20_000_000;

    public const double TargetMiB = 64;

    public static async Task<(double Idle, double Peak, TimeSpan Elapsed)> MeasureAsync(BenchmarkWorld world)
    {
        world.LinkedIn.KeepVideoBytes = false;
        await using var process = await ChildProcess.StartAsync(world, ChildKind.Bot, "video");
        var member = world.Members[0];

        // Warm-up: text posts, then a small video, so the JIT and the pools of every path the video takes are settled.
        for (var round = 1; round <= 3; round++)
        {
            await ChildProcess.PostBurstAsync(world, world.Members.Take(20).ToList(), $"video-warm-up-{round}");
        }

        await PublishVideoAsync(world, member, Video(1_000_000, seed: 1), "video warm-up");

        // Idle: once a second of doing nothing costs at most 20 ms of CPU (at most 10 s).
        for (var second = 0; second < 10; second++)
        {
            var before = process.CpuTime;
            await Task.Delay(TimeSpan.FromSeconds(1));
            if (process.CpuTime - before <= TimeSpan.FromMilliseconds(20))
            {
                break;
            }
        }

        var idle = process.RssMiB;
        if (!process.ResetPeakRss())
        {
            throw new InvalidOperationException("VmHWM cannot be reset here (/proc/<pid>/clear_refs), so no peak can be measured.");
        }

        var clock = Stopwatch.StartNew();
        await PublishVideoAsync(world, member, Video(VideoBytes, seed: 2), "video benchmark");
        return (idle, process.PeakRssMiB, clock.Elapsed);
    }

    private static async Task PublishVideoAsync(BenchmarkWorld world, BenchmarkMember member, byte[] video, string text)
    {
        var before = world.Telegram.CallsTo("sendMessage").Count(c => c.ChatId == member.UserId && IsPublished(c.Text));
        world.Telegram.UserSendsVideo(member.Chat, member.User, video, $"/post {text} {Guid.NewGuid():N}");
        await world.Telegram.WaitForCallsAsync("sendMessage", before + 1, c => c.ChatId == member.UserId && IsPublished(c.Text), TimeSpan.FromMinutes(3));
    }

    private static bool IsPublished(string? text) => text?.Contains("Published on LinkedIn", StringComparison.Ordinal) == true;

    /// <summary>An MP4 header ("ftyp" at offset 4) and random bytes.</summary>
    private static byte[] Video(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        "\0\0\0\u0020ftypisom"u8.CopyTo(bytes);
        return bytes;
    }
}
