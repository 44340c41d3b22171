using LinkedInBot.Core.LinkPreview;

namespace LinkedInBot.Tests.LinkPreview;

public sealed class LinkUrlsTests
{
    [Theory]
    [InlineData("Read https://example.org/a.", "https://example.org/a")]
    [InlineData("(see https://en.wikipedia.org/wiki/Ada_(language)) now", "https://en.wikipedia.org/wiki/Ada_(language)")]
    [InlineData("first http://one.example/x then https://two.example/y", "http://one.example/x")]
    [InlineData("release notes (https://example.org/notes) today", "https://example.org/notes")]
    public void FindFirst_TakesTheFirstHttpUrl_WithoutTheSentencesPunctuation(string text, string expected) =>
        Assert.Equal(new Uri(expected), LinkUrls.FindFirst(text));

    [Theory]
    [InlineData("no link here")]
    [InlineData("ftp://example.org/file and file:///etc/passwd")]
    public void FindFirst_WithoutAnHttpUrl_IsNull(string text) => Assert.Null(LinkUrls.FindFirst(text));

    [Theory]
    [InlineData("--no-card See https://x.org", "See https://x.org", true)]
    [InlineData("--no-card", "", true)]
    [InlineData("--no-cards are fun", "--no-cards are fun", false)]
    [InlineData("See --no-card https://x.org", "See --no-card https://x.org", false)]
    public void StripMarker_RemovesOnlyALeadingMarker(string text, string expected, bool noCard) =>
        Assert.Equal((expected, noCard), LinkCardMaker.StripMarker(text));
}
