using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LinkedInBot.Tests.Posting;

/// <summary>The core's path for albums and documents: checks before any upload, one URN per upload in the ledger.</summary>
public sealed class AttachmentPostingTests
{
    private static readonly PublishOutcome.Published Share1 = new("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"));

    /// <summary>The "test" platform's files, opened again by reference as an adapter's media source would.</summary>
    private sealed class StoredFiles : IChatMediaSource
    {
        public Dictionary<string, byte[]> Files { get; } = [];

        public string Platform => "test";

        public Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken) =>
            Files.TryGetValue(reference, out var bytes)
                ? Task.FromResult<Stream>(new MemoryStream(bytes))
                : throw new ChatImageUnavailableException(ChatImageProblem.Gone);
    }

    private static byte LastByte(ReadOnlyMemory<byte> bytes) => bytes.Span[^1];

    private static byte[] Picture(byte tag) => [.. TestImages.Png(), tag];

    private static ChatAttachment Attached(StoredFiles files, string name, byte[] bytes, AttachmentKind kind = AttachmentKind.Image, string? alt = null)
    {
        files.Files[name] = bytes;
        return new ChatAttachment(kind, name, bytes.Length, _ => Task.FromResult<Stream>(new MemoryStream(bytes))) { Reference = name, AltText = alt };
    }

    private static ChatRequest Post(string text, string messageId, params ChatAttachment[] attachments) =>
        new(CoreHost.Address("ada"), "ada", messageId, ChatCommand.Post, text) { Attachments = attachments };

    [Fact]
    public async Task Album_UploadsEveryImageInOrder_PostsOneMultiImage_AndARedeliveryUploadsNothing()
    {
        var files = new StoredFiles();
        await using var core = await CoreHost.StartAsync(configure: s => s.AddSingleton<IChatMediaSource>(files));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var uploaded = new List<byte>();
        core.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string _, ReadOnlyMemory<byte> bytes, CancellationToken _) =>
            {
                uploaded.Add(bytes.Span[^1]);
                return LinkedInResult<string>.Ok($"urn:li:image:{bytes.Span[^1]}");
            });
        IReadOnlyList<LinkedInMedia>? posted = null;
        core.LinkedIn.Setup(c => c.CreateMediaPostAsync("token-ada", "urn:li:person:ada", "three", It.IsAny<IReadOnlyList<LinkedInMedia>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, string _, string _, IReadOnlyList<LinkedInMedia> media, CancellationToken _) => posted = media)
            .ReturnsAsync(Share1);
        var request = Post("three", "album-1", Attached(files, "a.png", Picture(1), alt: "first"), Attached(files, "b.png", Picture(2)), Attached(files, "c.png", Picture(3), alt: "third"));

        var reply = Assert.Single(await core.SendAsync(request));
        var again = Assert.Single(await core.SendAsync(request));

        Assert.Contains(Share1.Url.ToString(), reply.Text, StringComparison.Ordinal);
        Assert.Equal(reply.Text, again.Text);
        Assert.Equal([1, 2, 3], uploaded);
        Assert.Equal([new LinkedInMedia("urn:li:image:1", null, "first"), new LinkedInMedia("urn:li:image:2"), new LinkedInMedia("urn:li:image:3", null, "third")], posted);
        core.LinkedIn.Verify(c => c.CreateMediaPostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<IReadOnlyList<LinkedInMedia>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Resume_AfterTheFirstUpload_UploadsOnlyTheRest_FromThePlatformAgain()
    {
        using var folder = new TempDirectory();
        var files = new StoredFiles();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var firstRun = await CoreHost.StartAsync(folder, time: time, configure: s => s.AddSingleton<IChatMediaSource>(files));
        await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var second = new TaskCompletionSource();
        firstRun.LinkedIn.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()))
            .Returns(async (string _, string _, ReadOnlyMemory<byte> bytes, CancellationToken ct) =>
            {
                if (bytes.Span[^1] == 1)
                {
                    return LinkedInResult<string>.Ok("urn:li:image:1");
                }

                second.SetResult();
                await Task.Delay(Timeout.Infinite, ct);
                return LinkedInResult<string>.Ok("never");
            });
        using var stop = new CancellationTokenSource();
        var request = Post("two", "album-2", Attached(files, "a.png", Picture(1)), Attached(files, "b.png", Picture(2)));
        var cutOff = firstRun.Bot.HandleAsync(request, (_, _) => throw new InvalidOperationException("no reply expected"), stop.Token);
        await second.Task;
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cutOff);
        await firstRun.DisposeAsync();

        var client = new Mock<ILinkedInClient>(MockBehavior.Strict);
        client.Setup(c => c.UploadImageAsync("token-ada", "urn:li:person:ada", It.Is<ReadOnlyMemory<byte>>(b => LastByte(b) == 2), It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<string>.Ok("urn:li:image:2"));
        client.Setup(c => c.CreateMediaPostAsync("token-ada", "urn:li:person:ada", "two", It.Is<IReadOnlyList<LinkedInMedia>>(m => m.Select(x => x.Id).SequenceEqual(new[] { "urn:li:image:1", "urn:li:image:2" })), It.IsAny<CancellationToken>()))
            .ReturnsAsync(Share1);
        await using var secondRun = await CoreHost.StartAsync(folder, client, time, configure: s => s.AddSingleton<IChatMediaSource>(files));

        await secondRun.Notifier.WaitForAsync(1);
        time.Advance(TimeSpan.FromSeconds(15));
        var replies = await secondRun.Notifier.WaitForAsync(2);

        Assert.Contains(Share1.Url.ToString(), replies[1].Reply.Text, StringComparison.Ordinal);
        client.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Resume_OfADocumentThePlatformNoLongerHas_AsksToSendItAgain_AndPostsNothing()
    {
        using var folder = new TempDirectory();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using (var firstRun = await CoreHost.StartAsync(folder, time: time))
        {
            await firstRun.LinkAsync("ada", "token-ada", "Ada Lovelace");
            await firstRun.Ledger.BeginAsync(CoreHost.Address("ada"), "doc-1", "my deck", null, [new AttachmentReference(AttachmentKind.Document, "deck.pdf", 900, "gone-file")], time.GetUtcNow(), CancellationToken.None);
        }

        await using var secondRun = await CoreHost.StartAsync(folder, new Mock<ILinkedInClient>(MockBehavior.Strict), time, configure: s => s.AddSingleton<IChatMediaSource>(new StoredFiles()));
        await secondRun.Notifier.WaitForAsync(1);
        time.Advance(TimeSpan.FromSeconds(15));
        var replies = await secondRun.Notifier.WaitForAsync(2);

        Assert.Equal(AttachmentReplies.AttachmentGone("deck.pdf"), replies[1].Reply.Text);
        secondRun.LinkedIn.VerifyNoOtherCalls();
    }

    [Fact]
    public async Task Document_OverThreeHundredPages_IsRefusedBeforeItsUpload_AndAPdfNamedWronglyToo()
    {
        var files = new StoredFiles();
        await using var core = await CoreHost.StartAsync(configure: s => s.AddSingleton<IChatMediaSource>(files));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        var long_ = Assert.Single(await core.SendAsync(Post("long", "m-long", Attached(files, "long.pdf", TestDocuments.Pdf(301), AttachmentKind.Document))));
        var disguised = Assert.Single(await core.SendAsync(Post("disguised", "m-disguised", Attached(files, "slides.pptx", TestDocuments.Pdf(2), AttachmentKind.Document))));

        Assert.Equal(AttachmentReplies.DocumentTooManyPages("long.pdf", 301), long_.Text);
        Assert.Equal(AttachmentReplies.DocumentNotWhatItsNameSays("slides.pptx"), disguised.Text);
        core.LinkedIn.Verify(c => c.UploadDocumentAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("mixed")]
    [InlineData("too many")]
    [InlineData("two documents")]
    [InlineData("not a document")]
    [InlineData("document too large")]
    public async Task Refusals_ComeBeforeAnyUpload_AndNameTheLimit(string problem)
    {
        var files = new StoredFiles();
        await using var core = await CoreHost.StartAsync(configure: s => s.AddSingleton<IChatMediaSource>(files));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        var pdf = "%PDF-1.4\n"u8.ToArray();
        var (attachments, expected) = problem switch
        {
            "mixed" => (new[] { Attached(files, "a.png", Picture(1)), Attached(files, "d.pdf", pdf, AttachmentKind.Document) }, AttachmentReplies.CannotMix),
            "too many" => (Enumerable.Range(0, 21).Select(i => Attached(files, $"{i}.png", Picture((byte)i))).ToArray(), AttachmentReplies.TooManyImages(21, 20)),
            "two documents" => (new[] { Attached(files, "d.pdf", pdf, AttachmentKind.Document), Attached(files, "e.pdf", pdf, AttachmentKind.Document) }, AttachmentReplies.CannotMix),
            "not a document" => (new[] { Attached(files, "notes.txt", pdf, AttachmentKind.Document) }, AttachmentReplies.NotADocument("notes.txt")),
            _ => (new[] { new ChatAttachment(AttachmentKind.Document, "big.pdf", 101L * 1024 * 1024, _ => throw new InvalidOperationException("not opened")) { Reference = "big.pdf" } }, AttachmentReplies.DocumentTooLarge("big.pdf", 101L * 1024 * 1024)),
        };

        var reply = Assert.Single(await core.SendAsync(Post("refused", "m-" + problem, attachments)));

        Assert.Equal(expected, reply.Text);
        Assert.Contains("Nothing was published", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.UploadImageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<ReadOnlyMemory<byte>>(), It.IsAny<CancellationToken>()), Times.Never);
        core.LinkedIn.Verify(c => c.UploadDocumentAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<Stream>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Null(await core.Ledger.FindAsync("test", "ada", "m-" + problem, CancellationToken.None));
    }
}
