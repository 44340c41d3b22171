using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInImageTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];

    [Fact]
    public async Task Upload_ThenPost_SendsTheBytesAndAttachesTheImage()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();

        var upload = await host.Client.UploadImageAsync(token, author, Png, CancellationToken.None);
        var outcome = await host.Client.CreatePostAsync(token, author, "with a picture", upload.Value, CancellationToken.None);

        Assert.True(upload.Succeeded);
        Assert.StartsWith("urn:li:image:", upload.Value, StringComparison.Ordinal);
        Assert.Equal(Png, host.Fake.Images[upload.Value!]);
        Assert.IsType<PublishOutcome.Published>(outcome);
        Assert.Equal(upload.Value, Assert.Single(host.Fake.Posts).ImageUrn);
        var put = Assert.Single(host.Fake.Requests, r => r.Method == "PUT");
        Assert.Equal("Bearer " + token, put.Header("Authorization"));
        var initialize = Assert.Single(host.Fake.Requests, r => r.Path == "/rest/images");
        Assert.Equal("?action=initializeUpload", initialize.Query);
        Assert.Equal("202610", initialize.Header("LinkedIn-Version"));
    }

    [Fact]
    public async Task Upload_SlowerThanOneAttemptMayTake_StillSucceedsOnce()
    {
        // 20 MB on a slow uplink takes longer than LinkedIn:Resilience:AttemptTimeout; only the total bounds it.
        await using var host = await LinkedInTestHost.StartAsync(settings => settings["LinkedIn:Resilience:AttemptTimeout"] = "00:00:00.300");
        host.Fake.UploadLatency = TimeSpan.FromSeconds(1);
        var (token, author) = host.Member();

        var upload = await host.Client.UploadImageAsync(token, author, Png, CancellationToken.None);

        Assert.True(upload.Succeeded, upload.Failure?.ToString());
        Assert.Single(host.Fake.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Upload_OfSomethingThatIsNotAnImage_IsRejectedBeforeAnyCall()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();

        var upload = await host.Client.UploadImageAsync(token, author, "%PDF-1.7 not a picture"u8.ToArray(), CancellationToken.None);

        Assert.Equal(new PublishOutcome.Rejected("That file is not a JPEG, PNG or GIF image."), upload.Failure);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task Upload_OfATooBigImage_IsRejectedBeforeAnyCall()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        var huge = new byte[(int)(23.4 * 1024 * 1024)];
        Png.CopyTo(huge, 0);

        var upload = await host.Client.UploadImageAsync(token, author, huge, CancellationToken.None);

        Assert.Equal(new PublishOutcome.Rejected("The image is 23.4 MB; LinkedIn takes images up to 20 MB."), upload.Failure);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task Upload_WithExpiredToken_IsLinkExpired()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.ExpireToken(token);

        var upload = await host.Client.UploadImageAsync(token, author, Png, CancellationToken.None);

        Assert.IsType<PublishOutcome.LinkExpired>(upload.Failure);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A })]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1 })]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7', (byte)'a', 1 })]
    public void Check_AcceptsJpegPngAndGif(byte[] bytes) => Assert.Null(LinkedInImageRules.Check(bytes));

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xFF, 0xD8 })]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A })]
    [InlineData(new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'8', (byte)'a' })]
    [InlineData(new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 0, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P' })]
    public void Check_RefusesOtherFiles(byte[] bytes) =>
        Assert.Equal("That file is not a JPEG, PNG or GIF image.", LinkedInImageRules.Check(bytes));

    [Fact]
    public void Check_AcceptsExactlyTwentyMegabytes_AndRefusesOneByteMore()
    {
        var image = new byte[LinkedInImageRules.MaxBytes + 1];
        Png.CopyTo(image, 0);

        Assert.Null(LinkedInImageRules.Check(image.AsSpan(0, (int)LinkedInImageRules.MaxBytes)));
        Assert.Equal("The image is 20.0 MB; LinkedIn takes images up to 20 MB.", LinkedInImageRules.Check(image));
    }
}
