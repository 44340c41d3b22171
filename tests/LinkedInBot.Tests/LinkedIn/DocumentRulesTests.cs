using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class DocumentRulesTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(300, 0)]
    [InlineData(301, 0)]
    [InlineData(7, 200_000)]
    public async Task CountPdfPages_CountsPageObjects_NotThePagesTree_AcrossReadBoundaries(int pages, int padding)
    {
        // Small reads put the markers across the boundaries between reads.
        await using var pdf = new TrickleStream(TestDocuments.Pdf(pages, padding), 7);

        Assert.Equal(pages, await LinkedInDocumentRules.CountPdfPagesAsync(pdf, CancellationToken.None));
    }

    [Fact]
    public async Task CountPdfPages_OfAPdfWhosePagesCannotBeSeen_IsUnknown_NotZero()
    {
        await using var pdf = new MemoryStream("%PDF-1.7\n1 0 obj << /Type /ObjStm /Length 9 >> stream\nxxxxxxxxx\nendstream\n%%EOF"u8.ToArray());

        Assert.Null(await LinkedInDocumentRules.CountPdfPagesAsync(pdf, CancellationToken.None));
    }

    [Theory]
    [InlineData("deck.pdf", true)]
    [InlineData("Deck.PPTX", true)]
    [InlineData("notes.docx", true)]
    [InlineData("old.doc", true)]
    [InlineData("slides.ppt", true)]
    [InlineData("notes.txt", false)]
    [InlineData("pdf", false)]
    public void IsDocumentName_TakesLinkedInsFiveTypes(string name, bool expected) =>
        Assert.Equal(expected, LinkedInDocumentRules.IsDocumentName(name));

    [Theory]
    [InlineData("Quarterly deck.pdf", "Quarterly deck")]
    [InlineData("report.final.docx", "report.final")]
    [InlineData(".pdf", "Document")]
    public void Title_IsTheFileNameWithoutItsExtension(string name, string title) =>
        Assert.Equal(title, LinkedInDocumentRules.Title(name));

    [Fact]
    public void BytesMatchName_RefusesAFileWhoseContentIsAnotherType()
    {
        Assert.True(LinkedInDocumentRules.BytesMatchName("a.pdf", "%PDF-1.4"u8));
        Assert.False(LinkedInDocumentRules.BytesMatchName("a.pdf", "PK\u0003\u0004"u8));
        Assert.True(LinkedInDocumentRules.BytesMatchName("a.pptx", "PK\u0003\u0004"u8));
        Assert.True(LinkedInDocumentRules.BytesMatchName("a.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]));
    }

    /// <summary>Hands out at most a few bytes per read, as a slow network does.</summary>
    private sealed class TrickleStream(byte[] bytes, int most) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, most));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, most)], cancellationToken);
    }
}
