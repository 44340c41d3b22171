using LinkedInBot.ConsoleChat;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.ConsoleChat;

public sealed class ConsoleReplyWriterTests
{
    private static ConsoleReplyWriter Writer() =>
        new(new ConsoleTerminal(TextReader.Null, TextWriter.Null));

    [Fact]
    public void Format_PrintsButtonsAsLabelAndFullUrl()
    {
        var reply = new ChatReply("Open this to connect.", [new LinkButton("Connect LinkedIn", new Uri("http://localhost:5080/sandbox/linkedin/oauth/v2/authorization?state=a%20b&x=1"))]);

        var text = Writer().Format(reply);

        Assert.Contains("Connect LinkedIn: http://localhost:5080/sandbox/linkedin/oauth/v2/authorization?state=a%20b&x=1" + Environment.NewLine, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SkipsAButtonWhoseUrlTheTextAlreadyShows()
    {
        var url = new Uri("http://localhost:5080/link?state=abc");
        var reply = new ChatReply($"Open this link:\n{url}", [new LinkButton("Connect LinkedIn", url)]);

        var text = Writer().Format(reply);

        Assert.Equal(1, text.Split(url.AbsoluteUri).Length - 1);
        Assert.DoesNotContain("Connect LinkedIn:", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_AUrlTheTextShowsUnescaped_IsPrintedEscapedSoTheWholeLinkIsClickable()
    {
        var url = new Uri("http://localhost:5080/sandbox/linkedin/oauth/v2/authorization?state=abc&scope=openid%20profile%20w_member_social");
        var reply = new ChatReply($"Open this link:\n{url}\n\nAfterwards send /post.", [new LinkButton("Connect LinkedIn", url)]);

        var text = Writer().Format(reply);

        Assert.Contains("scope=openid%20profile%20w_member_social\n", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain("openid profile", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Connect LinkedIn:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statuses_ArePrintedAsLinesOfTheirOwn_BeforeTheReply()
    {
        var output = new StringWriter();
        var notifier = new ConsoleChatNotifier(new ConsoleReplyWriter(new ConsoleTerminal(TextReader.Null, output)));
        var address = new ChatAddress("console", "local", "local");

        await notifier.ShowStatusAsync(address, ChatReply.Status("Uploading video… 40 %"), new ReplyTurn(1, 0), CancellationToken.None);
        await notifier.ShowStatusAsync(address, ChatReply.Status("Uploading video… 100 %"), new ReplyTurn(1, 0), CancellationToken.None);
        await notifier.NotifyAsync(address, ChatReply.Info("Published."), CancellationToken.None);

        Assert.Equal("Uploading video… 40 %\nUploading video… 100 %\nPublished.\n\n", output.ToString().ReplaceLineEndings("\n"));
    }
}
