using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LinkedInBot.Tests.Posting;

public sealed class PostingTests
{
    private static readonly PublishOutcome.Published Share1 = new("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"));

    [Fact]
    public async Task Post_WhenNotLinked_AsksToLinkAndCallsNothing()
    {
        await using var core = await CoreHost.StartAsync();

        var replies = await core.SendAsync("ada", "/post hello");

        var reply = Assert.Single(replies);
        Assert.True(reply.IsError);
        Assert.Contains("/link", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_WhenLinked_PublishesWithOwnTokenAndRepliesWithUrl()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "Hello (world) #demo", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var reply = Assert.Single(await core.SendAsync("ada", "/post Hello (world) #demo"));

        Assert.False(reply.IsError);
        Assert.Equal(ReplyVisibility.Public, reply.Visibility);
        Assert.Contains(Share1.Url.ToString(), reply.Text, StringComparison.Ordinal);
        Assert.Equal(Share1.Url, Assert.Single(reply.Buttons).Url);
    }

    [Fact]
    public async Task Post_TooLong_IsRefusedWithTheCountBeforeAnyCall()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        var reply = Assert.Single(await core.SendAsync("ada", "/post " + new string('x', 3001)));

        Assert.True(reply.IsError);
        Assert.Contains("3,001", reply.Text, StringComparison.Ordinal);
        Assert.Contains("3,000", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_WithoutText_ExplainsHowToPost()
    {
        await using var core = await CoreHost.StartAsync();

        var reply = Assert.Single(await core.SendAsync("ada", "/post"));

        Assert.True(reply.IsError);
        Assert.Contains("/post", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenTokenPastItsExpiry_AsksToLinkAgainWithoutCallingLinkedIn()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.Time.Advance(TimeSpan.FromDays(61));

        var reply = Assert.Single(await core.SendAsync("ada", "/post hello"));

        Assert.True(reply.IsError);
        Assert.Contains("expired", reply.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("/link", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("expired", typeof(PublishOutcome.LinkExpired), "/link")]
    [InlineData("permission", typeof(PublishOutcome.MissingPermission), "Share on LinkedIn")]
    [InlineData("throttled", typeof(PublishOutcome.RateLimited), "150")]
    [InlineData("version", typeof(PublishOutcome.VersionRetired), "LinkedIn:ApiVersion")]
    [InlineData("down", typeof(PublishOutcome.Unavailable), "Try again")]
    [InlineData("rejected", typeof(PublishOutcome.Rejected), "did not accept")]
    public async Task Post_WhenLinkedInRefuses_RepliesWithWhatToDoNext(string scenario, Type outcomeType, string expected)
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        PublishOutcome outcome = scenario switch
        {
            "expired" => new PublishOutcome.LinkExpired(),
            "permission" => new PublishOutcome.MissingPermission("Not enough permissions"),
            "throttled" => new PublishOutcome.RateLimited(),
            "version" => new PublishOutcome.VersionRetired("202410"),
            "down" => new PublishOutcome.Unavailable("500"),
            _ => new PublishOutcome.Rejected("Content is invalid"),
        };
        Assert.IsType(outcomeType, outcome);
        core.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

        var reply = Assert.Single(await core.SendAsync("ada", "/post hello"));

        Assert.True(reply.IsError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("token-ada", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_RedeliveredMessage_IsAnsweredFromTheLedgerWithoutASecondCreate()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var first = Assert.Single(await core.SendAsync("ada", "/post hello", messageId: "42"));
        var again = Assert.Single(await core.SendAsync("ada", "/post hello", messageId: "42"));

        Assert.Equal(first.Text, again.Text);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Post_RedeliveredAfterUnlinking_IsStillAnsweredWithThePublishedPost()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        var first = Assert.Single(await core.SendAsync("ada", "/post hello", messageId: "42"));
        await core.Links.DeleteAllAsync(CoreHost.Address("ada").Platform, "ada", CancellationToken.None);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));

        var again = Assert.Single(await core.SendAsync("ada", "/post hello", messageId: "42"));

        Assert.Equal(first.Text, again.Text);
        Assert.False(again.IsError, again.Text);
    }

    [Fact]
    public async Task Post_RedeliveredPhoto_IsAnsweredFromTheLedgerWithoutDownloadingItAgain()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        core.LinkedIn.Setup(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:9"));
        core.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        var downloads = 0;
        var image = new ChatImage("photo.png", png.Length, _ =>
        {
            Interlocked.Increment(ref downloads);
            return Task.FromResult<Stream>(new MemoryStream(png));
        });
        Assert.Single(await core.SendAsync("ada", "/post look", messageId: "5", image: image));

        var again = Assert.Single(await core.SendAsync("ada", "/post look", messageId: "5", image: image));

        Assert.False(again.IsError, again.Text);
        Assert.Equal(1, downloads);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Post_InAGroup_EachUserPostsOnlyWithTheirOwnLink()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace", chat: "group-1");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", It.IsAny<string>(), null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var bob = Assert.Single(await core.SendAsync("bob", "/post from bob", chat: "group-1"));
        var ada = Assert.Single(await core.SendAsync("ada", "/post from ada", chat: "group-1"));

        Assert.True(bob.IsError);
        Assert.Contains("/link", bob.Text, StringComparison.Ordinal);
        Assert.False(ada.IsError);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), "from bob", It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_LinkedInPrivately_WorksInAGroupWithTheSameAccount()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "in the group", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var reply = Assert.Single(await core.SendAsync("ada", "/post in the group", chat: "group-9"));

        Assert.False(reply.IsError, reply.Text);
    }

    [Fact]
    public async Task Post_WithImage_UploadsItThenPostsWithTheImage()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        core.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.Is<ReadOnlyMemory<byte>>(b => b.ToArray().SequenceEqual(png)), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:9"));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "look", "urn:li:image:9", It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: TestImages.AsChatImage(png)));

        Assert.False(reply.IsError, reply.Text);
    }

    [Fact]
    public async Task Post_WithoutTextOnAnotherPlatform_ExplainsWithThatPlatformsUsage()
    {
        await using var core = await CoreHost.StartAsync(configure: services => services.AddSingleton(
            new CommandNames("test", "/x link", "/x post", "/x unlink", "/x status", "/x post text:<your text> — publish; or share a message")));

        var reply = Assert.Single(await core.SendAsync("ada", "/post"));

        Assert.True(reply.IsError);
        Assert.Equal("Nothing to publish. /x post text:<your text> — publish; or share a message", reply.Text);
    }

    [Fact]
    public async Task Post_OfAPhotoWithoutText_PublishesThePhoto()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        core.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:9"));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "", "urn:li:image:9", It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var reply = Assert.Single(await core.SendAsync("ada", "/post", image: TestImages.AsChatImage(png)));

        Assert.False(reply.IsError, reply.Text);
    }

    [Fact]
    public async Task Handle_WhenTheAdapterCannotDeliver_ItsExceptionReachesTheAdapterAndNothingIsSentAgain()
    {
        await using var core = await CoreHost.StartAsync();
        var attempts = 0;
        var failure = new IOException("chat unreachable");

        var thrown = await Assert.ThrowsAsync<IOException>(() => core.Bot.HandleAsync(
            new ChatRequest(CoreHost.Address("ada"), "ada", "m1", ChatCommand.Help),
            (_, _) =>
            {
                attempts++;
                throw failure;
            },
            CancellationToken.None));

        Assert.Same(failure, thrown);
        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Handle_WhenTheCoreFailsAndTheApologyCannotBeDelivered_TheAdapterSeesItsOwnException()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("a bug in the core"));
        var failure = new IOException("chat unreachable");

        // The adapter filters its own exception types (Telegram's may carry the bot token in a URL): a wrapper
        // around them would slip past that filter into a full stack-trace log.
        var thrown = await Assert.ThrowsAsync<IOException>(() => core.Bot.HandleAsync(
            new ChatRequest(CoreHost.Address("ada"), "ada", "m-broken", ChatCommand.Post, "hello"),
            (_, _) => throw failure,
            CancellationToken.None));

        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task Post_WithAFileThatIsNotAnImage_IsRefusedBeforeAnyCall()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: TestImages.AsChatImage("%PDF-1.7 not an image"u8.ToArray())));

        Assert.True(reply.IsError);
        Assert.Contains("JPEG", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_WithAnImageDeclaredTooBig_IsRefusedWithoutDownloadingIt()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var opened = false;
        var image = new ChatImage("huge.jpg", 50L * 1024 * 1024, _ =>
        {
            opened = true;
            return Task.FromResult<Stream>(new MemoryStream());
        });

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: image));

        Assert.True(reply.IsError);
        Assert.Contains("50.0 MB", reply.Text, StringComparison.Ordinal);
        Assert.False(opened);
    }

    [Fact]
    public async Task Post_WithAnImageLargerThanLinkedInTakesAndNoDeclaredSize_IsRefusedWithoutReadingItAll()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var endless = new EndlessPngStream();

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: new ChatImage("huge.png", null, _ => Task.FromResult<Stream>(endless))));

        Assert.True(reply.IsError);
        Assert.StartsWith("The image is 20.", reply.Text, StringComparison.Ordinal);
        Assert.Contains("LinkedIn takes images up to 20 MB", reply.Text, StringComparison.Ordinal);
        Assert.InRange(endless.BytesRead, LinkedInImageRules.MaxBytes + 1, LinkedInImageRules.MaxBytes + (1024 * 1024));
        core.LinkedIn.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_WithAnImageTheAdapterHoldsInMemory_UploadsThatBufferWithoutACopy()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        ReadOnlyMemory<byte> uploaded = default;
        core.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, ReadOnlyMemory<byte> bytes, CancellationToken _) => uploaded = bytes)
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:9"));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "look", "urn:li:image:9", It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        var held = new ChatImage("photo.png", png.Length, _ => Task.FromResult<Stream>(new MemoryStream(png, 0, png.Length, writable: false, publiclyVisible: true)));

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: held));

        Assert.False(reply.IsError, reply.Text);
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(uploaded, out var segment));
        Assert.Same(png, segment.Array);
    }

    [Theory]
    [InlineData(4096, null)]
    [InlineData(0, 10L)]
    public async Task Post_WithAnImageInABiggerBufferOrLongerThanDeclared_UploadsExactlyItsBytes(int capacity, long? declared)
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        byte[]? uploaded = null;
        core.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, ReadOnlyMemory<byte> bytes, CancellationToken _) => uploaded = bytes.ToArray())
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:9"));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "look", "urn:li:image:9", It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        var image = new ChatImage("photo.png", declared, _ =>
        {
            var stream = new MemoryStream(capacity);
            stream.Write(png);
            stream.Position = 0;
            return Task.FromResult<Stream>(stream);
        });

        var reply = Assert.Single(await core.SendAsync("ada", "/post look", image: image));

        Assert.False(reply.IsError, reply.Text);
        Assert.Equal(png, uploaded);
    }

    [Fact]
    public async Task Post_WhenPublishingIsCutOffByAStop_StopsTheCreate_AndIsResumedAtAQuickRestartOnceTheAttemptInFlightHasEnded_WithOneReply()
    {
        using var folder = new TempDirectory();
        var firstRun = await CoreHost.StartAsync(folder);
        await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var started = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        firstRun.LinkedIn.Setup(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, string _, string? _, CancellationToken ct) =>
            {
                started.SetResult(ct);
                await Task.Delay(Timeout.Infinite, ct);
                return Share1;
            });
        using var stop = new CancellationTokenSource();
        var request = new ChatRequest(CoreHost.Address("ada"), "ada", "m-crash", ChatCommand.Post, "survives a crash");
        var cutOff = firstRun.Bot.HandleAsync(request, (_, _) => throw new InvalidOperationException("no reply expected"), stop.Token);
        var createToken = await started.Task;
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cutOff);

        // The stop reaches the call to LinkedIn: a replica that gives a chat up sends nothing more for it.
        Assert.True(createToken.IsCancellationRequested);
        await firstRun.DisposeAsync();

        var secondClient = new Mock<ILinkedInClient>(MockBehavior.Strict);
        secondClient.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "survives a crash", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        await using var secondRun = await CoreHost.StartAsync(folder, secondClient, new FakeTimeProvider(firstRun.Time.GetUtcNow().AddSeconds(1)));

        // Restarted at once: the attempt in flight may still be running at LinkedIn, which could not yet tell a second
        // create for a duplicate. The user hears at once that the post is being checked; nothing is sent to LinkedIn
        // until that attempt has surely ended (LinkedIn:Resilience:AttemptTimeout, 10 s, and a 5 s margin).
        var (address, notice) = Assert.Single(await secondRun.Notifier.WaitForAsync(1));
        Assert.Equal("ada", address.UserId);
        Assert.Equal(OutcomeReplies.CheckingCutOffPost, notice.Text);
        secondRun.Time.Advance(TimeSpan.FromSeconds(14));
        // A real wait on purpose: the fake clock stands 1 s short of the moment the create may go again, and a timer
        // armed too early would fire on the thread pool after Advance returned; "it did not fire" has no signal.
        await Task.Delay(300);
        Assert.Single(secondRun.Notifier.Sent);
        secondClient.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
        secondRun.Time.Advance(TimeSpan.FromSeconds(1));

        var replies = await secondRun.Notifier.WaitForAsync(2);
        Assert.Contains(Share1.Url.ToString(), replies[1].Reply.Text, StringComparison.Ordinal);
        secondClient.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
        await Eventually.TrueAsync(async () => (await secondRun.Ledger.GetUnfinishedAsync(CancellationToken.None)).Count == 0, "the ledger records the reply");
        Assert.Equal(2, secondRun.Notifier.Sent.Count);
    }

    [Fact]
    public async Task Resume_AfterAnotherQuickRestart_WaitsFromThisStart_NotFromTheEntry()
    {
        using var folder = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using (var firstRun = await CoreHost.StartAsync(folder, time: time))
        {
            await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");
            await firstRun.Ledger.BeginAsync(CoreHost.Address("ada"), "m-loop", "restarted twice", null, time.GetUtcNow(), CancellationToken.None);
        }

        // A run in between may have re-issued the create a minute in and died at once: this start is what counts.
        time.Advance(TimeSpan.FromSeconds(62));
        var client = new Mock<ILinkedInClient>(MockBehavior.Strict);
        client.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "restarted twice", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        await using var thirdRun = await CoreHost.StartAsync(folder, client, time);

        await thirdRun.Notifier.WaitForAsync(1);
        time.Advance(TimeSpan.FromSeconds(14));
        // A real wait on purpose: the fake clock stands 1 s short of the moment the create may go again, and a timer
        // armed too early would fire on the thread pool after Advance returned; "it did not fire" has no signal.
        await Task.Delay(300);
        client.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
        time.Advance(TimeSpan.FromSeconds(1));

        var replies = await thirdRun.Notifier.WaitForAsync(2);
        Assert.Contains(Share1.Url.ToString(), replies[1].Reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivery_WithALongTotalTimeout_IsInterruptedSoonerSoTheReissuedCreateEndsInLinkedInsWindow()
    {
        await using var core = await CoreHost.StartAsync(configure: services =>
            services.Configure<LinkedInResilienceOptions>(o => o.TotalTimeout = TimeSpan.FromMinutes(6)));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        await core.Ledger.BeginAsync(CoreHost.Address("ada"), "m-long", "long timeout", null, core.Time.GetUtcNow(), CancellationToken.None);
        core.Time.Advance(TimeSpan.FromMinutes(4));

        var reply = Assert.Single(await core.SendAsync("ada", "/post long timeout", messageId: "m-long"));

        Assert.Contains("may or may not be on LinkedIn", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Resume_OfAPublishCutOffTooLongAgo_DoesNotCallLinkedIn_AndTellsTheUserToCheck()
    {
        using var folder = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using (var firstRun = await CoreHost.StartAsync(folder, time: time))
        {
            await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");

            // What a stop during the create leaves: an entry without an outcome.
            await firstRun.Ledger.BeginAsync(CoreHost.Address("ada"), "m-cut", "cut off", null, time.GetUtcNow(), CancellationToken.None);
        }

        // Back after LinkedIn's duplicate check has stopped covering a second create.
        time.Advance(PostPublisher.SafeResumeAge + TimeSpan.FromMinutes(1));
        await using var secondRun = await CoreHost.StartAsync(folder, new Mock<ILinkedInClient>(MockBehavior.Strict), time);

        var (address, reply) = Assert.Single(await secondRun.Notifier.WaitForAsync(1));
        Assert.Equal("ada", address.UserId);
        Assert.True(reply.IsError);
        Assert.Contains("may or may not be on LinkedIn", reply.Text, StringComparison.Ordinal);
        secondRun.LinkedIn.VerifyNoOtherCalls();

        // A redelivery of that message now gets the same answer from the ledger.
        var again = Assert.Single(await secondRun.SendAsync("ada", "/post cut off", messageId: "m-cut"));
        Assert.Equal(reply.Text, again.Text);
        secondRun.LinkedIn.VerifyNoOtherCalls();
    }

    [Theory]
    [InlineData(4, true)]
    [InlineData(6, false)]
    public async Task Redelivery_OfAnUnfinishedPost_IsPublishedOnlyWhileASecondCreateIsSafe(int minutesLater, bool published)
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        await core.Ledger.BeginAsync(CoreHost.Address("ada"), "m-unfinished", "unfinished", null, core.Time.GetUtcNow(), CancellationToken.None);
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "unfinished", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        core.Time.Advance(TimeSpan.FromMinutes(minutesLater));

        var replies = await SendWhileTimePassesAsync(core, "/post unfinished", "m-unfinished");

        var reply = replies[^1];
        Assert.Equal(!published, reply.IsError);
        Assert.Equal(published ? [OutcomeReplies.CheckingCutOffPost, reply.Text] : [reply.Text], replies.Select(r => r.Text));
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), published ? Times.Once() : Times.Never());
    }

    [Fact]
    public async Task Post_WhenLinkedInLeavesTheCreateUnconfirmed_SendsItOnceMoreAfterTheAttemptHasEnded_AndAnswersWithThePost()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.SetupSequence(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "ambiguous", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.Unconfirmed("LinkedIn answered HTTP 500."))
            .ReturnsAsync(Share1);

        var sending = core.SendAsync("ada", "/post ambiguous");
        await Eventually.TrueAsync(() => Task.FromResult(core.Logs.Lines.Any(l => l.Contains("did not confirm", StringComparison.Ordinal))), "the first create is unconfirmed");
        core.Time.Advance(TimeSpan.FromSeconds(14));
        // A real wait on purpose: the fake clock stands 1 s short of the moment the create may go again, and a timer
        // armed too early would fire on the thread pool after Advance returned; "it did not fire" has no signal.
        await Task.Delay(300);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
        core.Time.Advance(TimeSpan.FromSeconds(1));

        var reply = Assert.Single(await sending);
        Assert.False(reply.IsError, reply.Text);
        Assert.Contains(Share1.Url.ToString(), reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task Post_WhenTheSecondCreateCannotReachLinkedIn_SaysThePostMayOrMayNotBeThere_NotThatNothingWasPublished()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.SetupSequence(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "ambiguous", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.Unconfirmed("LinkedIn did not answer in time."))
            .ReturnsAsync(new PublishOutcome.Unavailable("LinkedIn could not be reached."));

        var reply = Assert.Single(await SendWhileTimePassesAsync(core, "/post ambiguous", "m-twice"));

        Assert.True(reply.IsError);
        Assert.Equal(OutcomeReplies.For(new PublishOutcome.Unconfirmed(""), CommandNames.Slash("test")).Text, reply.Text);
        Assert.Contains("may or may not be on LinkedIn", reply.Text, StringComparison.Ordinal);
        var entry = await core.Ledger.FindAsync("test", "ada", "m-twice", CancellationToken.None);
        Assert.IsType<PublishOutcome.Unconfirmed>(entry!.Outcome);
    }

    [Fact]
    public async Task Post_UnconfirmedAfterASlowCreate_IsNotSentAgainOnceLinkedInsDuplicateCheckWouldNoLongerCoverIt()
    {
        await using var core = await CoreHost.StartAsync(configure: services =>
            services.Configure<LinkedInResilienceOptions>(o => o.TotalTimeout = TimeSpan.FromMinutes(4)));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        // The first create runs its whole 4 minutes (retries of 429s included) and then some before it is unconfirmed:
        // a second one could end past LinkedIn's duplicate window and make a second post.
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "slow", null, It.IsAny<CancellationToken>()))
            .Returns(() =>
            {
                core.Time.Advance(TimeSpan.FromMinutes(5));
                return Task.FromResult<PublishOutcome>(new PublishOutcome.Unconfirmed("LinkedIn did not answer in time."));
            });

        var reply = Assert.Single(await core.SendAsync("ada", "/post slow"));

        Assert.Contains("may or may not be on LinkedIn", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    /// <summary>Sends a line while the fake clock runs a second at a time (the core waits on it), up to two minutes.</summary>
    private static async Task<IReadOnlyList<ChatReply>> SendWhileTimePassesAsync(CoreHost core, string line, string messageId)
    {
        var sending = core.SendAsync("ada", line, messageId: messageId);
        for (var i = 0; i < 120 && !sending.IsCompleted; i++)
        {
            // Lets the core reach its next wait on the fake clock before the clock moves on (a pump, not an assertion).
            await Task.WhenAny(sending, Task.Delay(20));
            core.Time.Advance(TimeSpan.FromSeconds(1));
        }

        return await sending;
    }

    [Fact]
    public async Task Redelivery_OfAnImagePostCutOffAfterASlowUpload_CountsFromTheUploadNotFromTheMessage()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var png = TestImages.Png();
        var (entry, _) = await core.Ledger.BeginAsync(CoreHost.Address("ada"), "m-slow", "look", png, core.Time.GetUtcNow(), CancellationToken.None);
        core.Time.Advance(TimeSpan.FromMinutes(8));
        await core.Ledger.SetImageUrnAsync(entry.Id, "urn:li:image:9", core.Time.GetUtcNow(), CancellationToken.None);
        core.Time.Advance(TimeSpan.FromMinutes(2));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "look", "urn:li:image:9", It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        // Ten minutes after the message, but the create can only have gone out after the upload two minutes ago.
        var sending = core.SendAsync("ada", "/post look", image: TestImages.AsChatImage(png), messageId: "m-slow");
        await Eventually.TrueAsync(() => Task.FromResult(core.Logs.Lines.Any(l => l.Contains("was cut off while publishing", StringComparison.Ordinal))), "the resume waits for the attempt in flight");
        core.Time.Advance(TimeSpan.FromSeconds(15));
        var reply = (await sending)[^1];

        Assert.False(reply.IsError, reply.Text);
        core.LinkedIn.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Post_WhenTheLedgerCannotStoreTheOutcome_TheUserStillGetsThePostUrl_AndTheLogNamesIt()
    {
        await using var core = await CoreHost.StartAsync(configure: services => services.AddSingleton<IPostLedger>(provider =>
            new LedgerThatCannotComplete(ActivatorUtilities.CreateInstance<LinkedInBot.Core.Storage.SqlitePostLedger>(provider))));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "disk full", null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);

        var reply = Assert.Single(await core.SendAsync("ada", "/post disk full", messageId: "m-full"));

        Assert.False(reply.IsError, reply.Text);
        Assert.Contains(Share1.Url.ToString(), reply.Text, StringComparison.Ordinal);
        Assert.Contains(core.Logs.Entries, e => e.Text.Contains(Share1.Urn, StringComparison.Ordinal));
        Assert.Contains(core.Logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("could not store the outcome", StringComparison.Ordinal));

        // Answered, so not a start's business; and a redelivery is not published again: what happened is not
        // recorded, so the user is told to check.
        Assert.Empty(await core.Ledger.GetUnfinishedAsync(CancellationToken.None));
        var again = Assert.Single(await core.SendAsync("ada", "/post disk full", messageId: "m-full"));
        Assert.Contains("may or may not be on LinkedIn", again.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Status_WhenLinked_ShowsTheAccountAndDaysLeft()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.Time.Advance(TimeSpan.FromDays(20));

        var reply = Assert.Single(await core.SendAsync("ada", "/status"));

        Assert.Contains("Ada Lovelace", reply.Text, StringComparison.Ordinal);
        Assert.Contains("in 40 days", reply.Text, StringComparison.Ordinal);
        Assert.Equal(ReplyVisibility.Private, reply.Visibility);
    }

    [Fact]
    public async Task Status_WhenTheLinkEndsSoon_AdvisesRelinking()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.Time.Advance(TimeSpan.FromDays(57));

        var reply = Assert.Single(await core.SendAsync("ada", "/status"));

        Assert.Contains("in 3 days", reply.Text, StringComparison.Ordinal);
        Assert.Contains("/link soon", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unlink_DeletesTheLinkAndRevokesTheToken()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(false);

        var unlinked = Assert.Single(await core.SendAsync("ada", "/unlink"));
        var status = Assert.Single(await core.SendAsync("ada", "/status"));

        Assert.Contains("Unlinked Ada Lovelace", unlinked.Text, StringComparison.Ordinal);
        Assert.Contains("No LinkedIn account is linked", status.Text, StringComparison.Ordinal);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        core.LinkedIn.Verify(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Start_WithTheLinkPayload_StartsLinking()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.BuildAuthorizeUrl(It.IsAny<string>())).Returns(new Uri("https://linkedin.example/authorize"));

        var reply = Assert.Single(await core.SendAsync("ada", "/start link"));

        Assert.Equal(ReplyVisibility.Secret, reply.Visibility);
        Assert.Equal("https://linkedin.example/authorize", Assert.Single(reply.Buttons).Url.ToString());
    }

    [Fact]
    public async Task Help_ListsEveryCommand()
    {
        await using var core = await CoreHost.StartAsync();

        var reply = Assert.Single(await core.SendAsync("ada", "/help"));

        foreach (var command in new[] { "/link", "/post", "/status", "/unlink" })
        {
            Assert.Contains(command, reply.Text, StringComparison.Ordinal);
        }
    }

    /// <summary>A PNG header followed by zeros without end, counting what was read.</summary>
    private sealed class EndlessPngStream : Stream
    {
        private static readonly byte[] Header = TestImages.Png()[..8];

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => BytesRead;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var span = buffer.AsSpan(offset, count);
            span.Clear();
            if (BytesRead < Header.Length)
            {
                var part = Header.AsSpan((int)BytesRead, Math.Min(Header.Length - (int)BytesRead, count));
                part.CopyTo(span);
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>The real ledger, except that storing an outcome fails (a full disk, a locked file).</summary>
    private sealed class LedgerThatCannotComplete(IPostLedger inner) : IPostLedger
    {
        public Task<PostLedgerEntry?> FindAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken) =>
            inner.FindAsync(platform, chatId, messageId, cancellationToken);

        public Task<(PostLedgerEntry Entry, bool Created)> BeginAsync(ChatAddress address, string messageId, string text, byte[]? image, IReadOnlyList<AttachmentReference> attachments, DateTimeOffset now, CancellationToken cancellationToken, PostAuthor? author = null) =>
            inner.BeginAsync(address, messageId, text, image, attachments, now, cancellationToken, author);

        public Task SetAttachmentUrnsAsync(long id, IReadOnlyList<string> urns, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.SetAttachmentUrnsAsync(id, urns, now, cancellationToken);

        public Task SetImageUrnAsync(long id, string imageUrn, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.SetImageUrnAsync(id, imageUrn, now, cancellationToken);

        public Task SetLinkCardAsync(long id, string linkCard, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.SetLinkCardAsync(id, linkCard, now, cancellationToken);

        public Task CompleteAsync(long id, PublishOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken) =>
            throw new IOException("disk I/O error");

        public Task MarkRepliedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.MarkRepliedAsync(id, now, cancellationToken);

        public Task<IReadOnlyList<PostLedgerEntry>> GetUnfinishedAsync(CancellationToken cancellationToken) =>
            inner.GetUnfinishedAsync(cancellationToken);
    }

    /// <summary>The real ledger; the delivery whose insert created the entry returns only once <paramref name="release"/> completes.</summary>
}
