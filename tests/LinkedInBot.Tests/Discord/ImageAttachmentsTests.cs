using System.Diagnostics;
using LinkedInBot.Discord;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Discord;

public sealed class ImageAttachmentsTests
{
    [Fact]
    public async Task Download_WhenTheCdnStallsAfterTheHeaders_EndsAsATimeoutWithinTheTransferBound()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        discord.StallCdnBodies();
        var png = TestImages.Png();
        var attachment = new DiscordAttachment { Id = "1", Filename = "photo.png", ContentType = "image/png", Size = png.Length, Url = discord.AddAttachment("photo.png", "image/png", png) };
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var images = new ImageAttachments(services.GetRequiredService<IHttpClientFactory>()) { TransferTimeout = TimeSpan.FromMilliseconds(500) };
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAsync<TimeoutException>(() => images.DownloadAsync(attachment, 1024 * 1024, CancellationToken.None));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"gave up after {clock.Elapsed}");
    }

    [Fact]
    public async Task Download_OfAWholeFile_ReturnsExactlyItsBytes()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        var png = TestImages.Png();
        var attachment = new DiscordAttachment { Id = "1", Filename = "photo.png", ContentType = "image/png", Size = png.Length, Url = discord.AddAttachment("photo.png", "image/png", png) };
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var images = new ImageAttachments(services.GetRequiredService<IHttpClientFactory>());

        var bytes = await images.DownloadAsync(attachment, 1024 * 1024, CancellationToken.None);

        Assert.Equal(png, bytes);
    }
}
