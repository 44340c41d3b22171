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
        var key = cache.Add(Image("u1", 10));

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
        var key = cache.Add(Image("u1", 10));

        time.Advance(TimeSpan.FromMinutes(15));

        Assert.False(cache.TryGet(key, "u1", out _));
    }

    [Fact]
    public void Add_BeyondTheByteBudget_DropsTheOldestFirst()
    {
        var cache = new SharedImageCache(time);
        var oldest = cache.Add(Image("u1", SharedImageCache.MaxBytes / 2));
        var middle = cache.Add(Image("u1", SharedImageCache.MaxBytes / 2));

        var newest = cache.Add(Image("u1", 1024));

        Assert.False(cache.TryGet(oldest, "u1", out _));
        Assert.True(cache.TryGet(middle, "u1", out _));
        Assert.True(cache.TryGet(newest, "u1", out _));
    }

    [Fact]
    public void Add_BeyondTheEntryLimit_DropsTheOldestFirst()
    {
        var cache = new SharedImageCache(time);
        var keys = Enumerable.Range(0, SharedImageCache.MaxEntries + 1).Select(_ => cache.Add(Image("u1", 1))).ToList();

        Assert.False(cache.TryGet(keys[0], "u1", out _));
        Assert.True(cache.TryGet(keys[^1], "u1", out _));
    }

    private static PendingImage Image(string userId, long size) => new(userId, "a.png", size, Task.FromResult(new byte[] { 1 }));
}
