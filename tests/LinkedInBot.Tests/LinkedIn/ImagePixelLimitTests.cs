using System.Buffers.Binary;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Posting;
using LinkedInBot.Tests.Support;
using Moq;

namespace LinkedInBot.Tests.LinkedIn;

/// <summary>Issue 15 §5: images LinkedIn would refuse for their pixel count, found from the header alone.</summary>
public sealed class ImagePixelLimitTests
{
    /// <summary>A PNG signature and IHDR claiming <paramref name="width"/>×<paramref name="height"/>, then padding: never decodable, and never decoded.</summary>
    internal static byte[] PngHeader(uint width, uint height, int padding = 875 * 1024)
    {
        var bytes = new byte[33 + padding];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    private static byte[] Gif(ushort width, ushort height)
    {
        var bytes = "GIF89a\0\0\0\0\0\0\0"u8.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(6), width);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), height);
        return bytes;
    }

    /// <summary>SOI, an APP0 segment, then SOF0 with the size (height before width, as JPEG writes it).</summary>
    private static byte[] Jpeg(ushort width, ushort height)
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        byte[] sof0 = [0xFF, 0xC0, 0x00, 0x11, 8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1];
        return [0xFF, 0xD8, .. app0, 0xFF, 0xFF, .. sof0, 0xFF, 0xD9];
    }

    [Fact]
    public void Dimensions_AreReadFromTheHeaders_OfPngGifAndJpeg()
    {
        Assert.Equal((30000, 20000), ImageDimensions.Read(PngHeader(30000, 20000, 0)));
        Assert.Equal((640, 480), ImageDimensions.Read(Gif(640, 480)));
        Assert.Equal((4000, 3000), ImageDimensions.Read(Jpeg(4000, 3000)));
        Assert.Equal((1, 1), ImageDimensions.Read(TestImages.Png()));
        Assert.Null(ImageDimensions.Read([0xFF, 0xD8, 0xFF]));
    }

    [Fact]
    public void Check_RefusesAThirtyThousandSquarePng_NamingTheLimit()
    {
        var problem = LinkedInImageRules.Check(PngHeader(30000, 30000));

        Assert.Equal("The image is 30,000×30,000 pixels (900,000,000 pixels); LinkedIn takes images of up to 36,152,320 pixels. Send a smaller one.", problem);
    }

    [Theory]
    [InlineData(6016u, 6016u, false)]
    [InlineData(7128u, 5072u, false)] // 36,153,216: just over
    [InlineData(7130u, 5070u, true)] // 36,149,100: just under
    public void Check_DrawsTheLineAtLinkedInsPixelLimit(uint width, uint height, bool accepted) =>
        Assert.Equal(accepted, LinkedInImageRules.Check(PngHeader(width, height, 0)) is null);

    [Fact]
    public void Check_RefusesOversizedGifsAndJpegs_Too()
    {
        Assert.NotNull(LinkedInImageRules.Check(Gif(65535, 65535)));
        Assert.NotNull(LinkedInImageRules.Check(Jpeg(65000, 60000)));
        Assert.Null(LinkedInImageRules.Check(Jpeg(4000, 3000)));
    }

    [Fact]
    public async Task Post_WithAHugePng_IsRefusedWithAClearReply_AndNothingIsUploaded()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: TestImages.AsChatImage(PngHeader(30000, 30000))));

        Assert.True(reply.IsError);
        Assert.Contains("36,152,320 pixels", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public void PostText_DropsNulAndControlCharacters_ButKeepsLineBreaksAndTabs()
    {
        Assert.Equal("Hello\tworld\r\nsecond line\nend", PostText.WithoutControlCharacters("He\0llo\tworld\u0007\r\nsecond\u001B line\n\u007Fend\u0085"));
        Assert.Equal("plain", PostText.WithoutControlCharacters("plain"));
    }

    [Fact]
    public async Task Post_WithControlCharacters_ReachesLinkedInWithoutThem()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "Hello\nworld\tok", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.Published("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/")));

        var reply = Assert.Single(await core.SendAsync("ada", "/post Hel\0lo\nworld\u0008\tok"));

        Assert.False(reply.IsError);
        core.LinkedIn.Verify(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "Hello\nworld\tok", null, It.IsAny<CancellationToken>()), Times.Once);
    }
}
