using System.Text;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Tests.Fakes;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LittleTextTests
{
    [Theory]
    [InlineData("plain words, 100% ok!", "plain words, 100% ok!")]
    [InlineData("a|b{c}d@e[f]g(h)i<j>k*l_m~n", @"a\|b\{c\}d\@e\[f\]g\(h\)i\<j\>k\*l\_m\~n")]
    [InlineData(@"C:\temp", @"C:\\temp")]
    [InlineData(@"\\", @"\\\\")]
    [InlineData("#dotnet rocks", "#dotnet rocks")]
    [InlineData("love #dotnet\n#csharp", "love #dotnet\n#csharp")]
    [InlineData("#web3 #日本", "#web3 #日本")]
    [InlineData("C# and F#", @"C\# and F\#")]
    [InlineData("We're #1", @"We're \#1")]
    [InlineData("# heading", @"\# heading")]
    [InlineData("(#tag)", @"\(\#tag\)")]
    [InlineData("#foo_bar", @"#foo\_bar")]
    [InlineData("#_x", @"\#\_x")]
    [InlineData("##double", @"\#\#double")]
    public void Escape_EscapesReservedCharactersOnce_ButKeepsHashtags(string plain, string expected) =>
        Assert.Equal(expected, LittleText.Escape(plain));

    [Theory]
    [InlineData("cut here | the rest", "cut here ")]
    [InlineData(@"kept \| the rest", "kept | the rest")]
    [InlineData("a (b)", "a ")]
    [InlineData("#tag then C# cut", "#tag then C")]
    [InlineData("hi @[Ada Lovelace](urn:li:person:abc) there", "hi Ada Lovelace there")]
    [InlineData(@"{hashtag|\#|dotnet} ok", "#dotnet ok")]
    [InlineData(@"trailing \", "trailing ")]
    [InlineData("", "")]
    public void Render_ShowsWhatLinkedInDisplays(string littleText, string expected) =>
        Assert.Equal(expected, LittleText.Render(littleText));

    [Fact]
    public void Render_AgreesWithTheFakesIndependentRenderer_OnHandWrittenLittleText()
    {
        string[] samples =
        [
            "hi @[Ada](urn:li:person:abc) #x {hashtag|\\#|y} \\* z", "a_b", "x#y", "#", "#1a", "tail\\", "é#ok", " #ok",
        ];
        foreach (var sample in samples)
        {
            Assert.Equal(FakeLinkedInServer.RenderLittleText(sample).Text, LittleText.Render(sample));
        }
    }

    [Fact]
    public void Escape_RoundTripsThroughBothRenderers_ForManyRandomTexts()
    {
        // Pieces chosen to hit the edges: every reserved character, hashtag starts, whitespace kinds,
        // non-ASCII letters, combining marks, digits, emoji (surrogate pairs) and backslash runs.
        string[] pieces =
        [
            "|", "{", "}", "@", "[", "]", "(", ")", "<", ">", "#", "\\", "*", "_", "~",
            " ", "\n", "\t", "\u00A0", "a", "Z", "é", "ß", "日", "\u0301", "1", "42", "²", "😀", "-", ".", ",", "%", "'", "\"",
            "#tag", "#1", "#a1", "# ", "\\\\", "\\#", "@[x](urn:li:person:1)", "{hashtag|\\#|x}",
        ];
        var random = new Random(20261130);
        for (var run = 0; run < 5000; run++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 24);
            for (var i = 0; i < length; i++)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var plain = text.ToString();
            var escaped = LittleText.Escape(plain);
            var fake = FakeLinkedInServer.RenderLittleText(escaped);

            Assert.False(fake.Truncated, $"LinkedIn would cut {Show(plain)} (sent as {Show(escaped)}) at {Show(fake.Text)}");
            Assert.Equal(plain, fake.Text);
            Assert.Equal(plain, LittleText.Render(escaped));
        }
    }

    [Fact]
    public void Escape_KeepsHashtagsLive_AsTheFakeSeesThem()
    {
        var rendering = FakeLinkedInServer.RenderLittleText(LittleText.Escape("#one two#no #3 (#no) #four_five\t#six!"));

        Assert.Equal(["one", "four", "six"], rendering.Hashtags);
    }

    private static string Show(string text) => "\"" + text.Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
