using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.Tests.Jobs;

public sealed class ChatRequestPayloadTests
{
    private static readonly ChatAddress Address = new("telegram", "42", "7");

    private sealed class RecordingMedia : IChatMediaSource
    {
        public List<string> Opened { get; } = [];

        public string Platform => "telegram";

        public Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken)
        {
            Opened.Add(reference);
            return Task.FromResult<Stream>(new MemoryStream([1, 2, 3]));
        }
    }

    [Fact]
    public async Task Attachments_SurviveTheStore_InOrder_WithKindsAltTextAndReferences()
    {
        var request = new ChatRequest(Address, "Ada", "m1", ChatCommand.Post, "album")
        {
            Attachments =
            [
                new ChatImage("a.jpg", 10, _ => throw new InvalidOperationException()) { Reference = "file-a", AltText = "first" },
                new ChatImage("b.jpg", 20, _ => throw new InvalidOperationException()) { Reference = "file-b", ContentType = "image/jpeg" },
            ],
        };

        var json = ChatRequestPayload.From(request, null).Serialize();
        var media = new RecordingMedia();
        var back = ChatRequestPayload.Deserialize(json)!.ToRequest(media);

        Assert.Null(back.Image);
        Assert.Equal(["a.jpg", "b.jpg"], back.Attachments.Select(a => a.FileName));
        Assert.Equal(["first", null], back.Attachments.Select(a => a.AltText));
        Assert.Equal("image/jpeg", back.Attachments[1].ContentType);
        Assert.All(back.Attachments, a => Assert.Equal(AttachmentKind.Image, a.Kind));
        await (await back.Attachments[1].OpenAsync(CancellationToken.None)).DisposeAsync();
        Assert.Equal(["file-b"], media.Opened);
    }

    [Fact]
    public void ADocument_KeepsItsKind_AndOneImageStaysTheShortForm()
    {
        var document = new ChatRequest(Address, "Ada", "m1", ChatCommand.Post, "deck")
        {
            Attachments = [new ChatAttachment(AttachmentKind.Document, "deck.pdf", 5000, _ => throw new InvalidOperationException()) { Reference = "doc-id" }],
        };
        var image = new ChatRequest(Address, "Ada", "m2", ChatCommand.Post, "pic", new ChatImage("p.png", 3, _ => throw new InvalidOperationException()) { Reference = "img-id" });

        var documentBack = ChatRequestPayload.Deserialize(ChatRequestPayload.From(document, null).Serialize())!.ToRequest(null);
        var imageBack = ChatRequestPayload.Deserialize(ChatRequestPayload.From(image, null).Serialize())!.ToRequest(null);

        var stored = Assert.Single(documentBack.Attachments);
        Assert.Equal((AttachmentKind.Document, "deck.pdf", 5000L, "doc-id"), (stored.Kind, stored.FileName, stored.DeclaredLength!.Value, stored.Reference));
        Assert.Null(documentBack.Image);
        Assert.Equal("img-id", imageBack.Image?.Reference);
        Assert.Same(imageBack.Image, Assert.Single(imageBack.Attachments));
    }

    [Fact]
    public void APayloadStoredByTheEarlierVersion_WithOneImg_IsStillRead()
    {
        // As the version before albums wrote it (a job queued before an upgrade).
        const string json = """{"p":"telegram","c":"42","u":"7","rc":null,"rt":null,"n":"Ada","m":"m1","cmd":"Post","t":"hello","img":{"f":"photo.jpg","l":1234,"r":"AgACfile"},"g":false,"tg":null}""";

        var request = ChatRequestPayload.Deserialize(json)!.ToRequest(new RecordingMedia());

        Assert.Equal("hello", request.Text);
        Assert.NotNull(request.Image);
        Assert.Equal(("photo.jpg", 1234L, "AgACfile"), (request.Image.FileName, request.Image.DeclaredLength!.Value, request.Image.Reference));
        Assert.Single(request.Attachments);
    }
}
