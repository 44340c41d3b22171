using LinkedInBot.ConsoleChat;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.ConsoleChat;

public sealed class ConsoleRequestsTests
{
    [Fact]
    public void Parse_ACommand_BecomesAConsoleRequestFromTheUser()
    {
        var requests = new ConsoleRequests("ada");

        var request = requests.Parse("/post Hello (world)  #demo ", out var hint);

        Assert.NotNull(request);
        Assert.Equal(string.Empty, hint);
        Assert.Equal(new ChatAddress("console", "console", "ada"), request.Address);
        Assert.Equal("ada", request.DisplayName);
        Assert.Equal(ChatCommand.Post, request.Command);
        Assert.Equal("Hello (world)  #demo", request.Text);
        Assert.Null(request.Image);
        Assert.False(request.IsGroupChat);
    }

    [Fact]
    public void Parse_MessageIds_DifferPerLineAndPerRun()
    {
        var run = new ConsoleRequests("ada");
        var first = run.Parse("/post same", out _)!.MessageId;
        var second = run.Parse("/post same", out _)!.MessageId;
        var nextRunFirst = new ConsoleRequests("ada").Parse("/post same", out _)!.MessageId;

        Assert.NotEqual(first, second);
        Assert.NotEqual(first, nextRunFirst);
    }

    [Theory]
    [InlineData("hello there", "Commands start with a slash")]
    [InlineData("/frobnicate now", "Unknown command /frobnicate.")]
    [InlineData("/post@SomeOtherBot hi", "Unknown command /post@SomeOtherBot.")]
    public void Parse_ALineThatIsNoCommand_GivesAHint(string line, string expectedHint)
    {
        var request = new ConsoleRequests("ada").Parse(line, out var hint);

        Assert.Null(request);
        Assert.StartsWith(expectedHint, hint, StringComparison.Ordinal);
        Assert.Contains("/link", hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ABlankLine_IsIgnoredSilently()
    {
        Assert.Null(new ConsoleRequests("ada").Parse("   ", out var hint));
        Assert.Equal(string.Empty, hint);
    }

    [Fact]
    public async Task Parse_PostWithImage_AttachesTheFileAndKeepsTheText()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "my photo.png");
        await File.WriteAllBytesAsync(path, TestImages.Png());

        var request = new ConsoleRequests("ada").Parse($"/post --image \"{path}\" Look (at this)", out _);

        Assert.NotNull(request?.Image);
        Assert.Equal("Look (at this)", request.Text);
        Assert.Equal("my photo.png", request.Image.FileName);
        Assert.Equal(TestImages.Png().Length, request.Image.DeclaredLength);
        await using var stream = await request.Image.OpenAsync(CancellationToken.None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        Assert.Equal(TestImages.Png(), copy.ToArray());
    }

    [Fact]
    public void Parse_PostWithAMissingImage_SaysSoInsteadOfPosting()
    {
        var request = new ConsoleRequests("ada").Parse("/post --image /nowhere/photo.jpg text", out var hint);

        Assert.Null(request);
        Assert.Equal("There is no file /nowhere/photo.jpg.", hint);
    }

    [Fact]
    public void Parse_PostWithAnImpossiblePath_AnswersInsteadOfThrowing()
    {
        var request = new ConsoleRequests("ada").Parse("/post --image bad\0path.jpg text", out var hint);

        Assert.Null(request);
        Assert.Equal("That is not a usable file path.", hint);
    }

    [Fact]
    public void Parse_PostStartingWithAWordLikeTheOption_IsPlainText()
    {
        var request = new ConsoleRequests("ada").Parse("/post --images are great", out _);

        Assert.Equal("--images are great", request?.Text);
        Assert.Null(request?.Image);
    }
}
