using LinkedInBot.Discord;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Discord;

public sealed class SharedImageCacheTests
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);

    [Fact]
    public void TryGet_WithinFifteenMinutes_ReturnsTheImageToItsUserOnly()
    {
        var cache = new SharedImageCache(time);
        var key = Add(cache, "u1", 10);

        time.Advance(TimeSpan.FromMinutes(14));

        Assert.True(cache.TryGet(key, "u1", out var image));
        Assert.Equal("u1", image.UserId);
        Assert.False(cache.TryGet(key, "u2", out _));
        Assert.InRange(key.Length, 16, 30);
    }

    [Fact]
    public void TryGet_AfterFifteenMinutes_IsGone()
    {
        var cache = new SharedImageCache(time);
        var key = Add(cache, "u1", 10);

        time.Advance(TimeSpan.FromMinutes(15));

        Assert.False(cache.TryGet(key, "u1", out _));
    }

    [Fact]
    public void Add_BeyondTheByteBudget_DropsTheOldestFirst()
    {
        var cache = new SharedImageCache(time);
        var oldest = Add(cache, "u1", SharedImageCache.MaxBytes / 2);
        var middle = Add(cache, "u1", SharedImageCache.MaxBytes / 2);

        var newest = Add(cache, "u1", 1024);

        Assert.False(cache.TryGet(oldest, "u1", out _));
        Assert.True(cache.TryGet(middle, "u1", out _));
        Assert.True(cache.TryGet(newest, "u1", out _));
    }

    [Fact]
    public void Add_BeyondTheEntryLimit_DropsTheOldestFirst()
    {
        var cache = new SharedImageCache(time);
        var keys = Enumerable.Range(0, SharedImageCache.MaxEntries + 1).Select(_ => Add(cache, "u1", 1)).ToList();

        Assert.False(cache.TryGet(keys[0], "u1", out _));
        Assert.True(cache.TryGet(keys[^1], "u1", out _));
    }

    [Fact]
    public void AnUnsubmittedImage_AfterFifteenMinutes_IsReleasedWithoutAnyFurtherCall()
    {
        var cache = new SharedImageCache(time);
        var bytes = AddLargeImage(cache);

        time.Advance(SharedImageCache.Lifetime);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(bytes.IsAlive);
        GC.KeepAlive(cache);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference AddLargeImage(SharedImageCache cache)
    {
        var bytes = new byte[1024 * 1024];
        cache.Add("u1", "a.png", bytes.Length, _ => Task.FromResult(bytes));
        return new WeakReference(bytes);
    }

    [Fact]
    public void AnUnsubmittedDownload_AfterFifteenMinutes_IsCancelledAndItsBytesNoLongerCount()
    {
        var cache = new SharedImageCache(time);
        var download = new Download();
        cache.Add("u1", "a.png", 5000, download.Start);

        time.Advance(SharedImageCache.Lifetime - TimeSpan.FromSeconds(1));
        Assert.False(download.Token.IsCancellationRequested);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(download.Token.IsCancellationRequested);
        Assert.Equal(0, cache.Count);
        Assert.Equal(0, cache.ReservedBytes);
    }

    [Fact]
    public void AnImagePushedOutByNewerOnes_HasItsDownloadCancelled()
    {
        var cache = new SharedImageCache(time);
        var oldest = new Download();
        cache.Add("u1", "a.png", SharedImageCache.MaxBytes / 2, oldest.Start);
        cache.Add("u1", "b.png", SharedImageCache.MaxBytes / 2, new Download().Start);

        cache.Add("u1", "c.png", 1024, new Download().Start);

        Assert.True(oldest.Token.IsCancellationRequested);
        Assert.Equal(2, cache.Count);
        Assert.Equal(SharedImageCache.MaxBytes / 2 + 1024, cache.ReservedBytes);
    }

    private static string Add(SharedImageCache cache, string userId, long size) => cache.Add(userId, "a.png", size, _ => Task.FromResult(new byte[] { 1 }));

    /// <summary>A download that never finishes by itself, remembering the token it was started with.</summary>
    private sealed class Download
    {
        private readonly TaskCompletionSource<byte[]> never = new();

        public CancellationToken Token { get; private set; }

        public Task<byte[]> Start(CancellationToken cancellationToken)
        {
            Token = cancellationToken;
            return never.Task;
        }
    }
}
