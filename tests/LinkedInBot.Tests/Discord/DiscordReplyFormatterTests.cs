using LinkedInBot.Core.Chat;
using LinkedInBot.Discord;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordReplyFormatterTests
{
    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("**bold** _it_ ~~s~~ `code` ||spoiler||", @"\*\*bold\*\* \_it\_ \~\~s\~\~ \`code\` \|\|spoiler\|\|")]
    [InlineData("[click](https://evil.example)", @"\[click\](https://evil.example)")]
    [InlineData("# Title\n- item\n> quote\n1. first", "\\# Title\n\\- item\n\\> quote\n1\\. first")]
    [InlineData("a - b # c > d", "a - b # c > d")]
    [InlineData("<@123> and back\\slash", @"\<@123> and back\\slash")]
    [InlineData("See https://www.linkedin.com/feed/update/urn:li:share:1_2/ now_", @"See https://www.linkedin.com/feed/update/urn:li:share:1_2/ now\_")]
    public void EscapeMarkdown_ShowsPlainTextAsWritten(string text, string expected) =>
        Assert.Equal(expected, DiscordReplyFormatter.EscapeMarkdown(text));

    [Fact]
    public void ToMessage_LongText_IsCutToDiscordsLimit()
    {
        var message = DiscordReplyFormatter.ToMessage(ChatReply.Info(new string('a', 2500)), flags: 64);

        Assert.Equal(2000, message.Content!.Length);
        Assert.EndsWith("…", message.Content, StringComparison.Ordinal);
        Assert.Equal(64, message.Flags);
    }

    [Fact]
    public void ToMessage_ButtonUrlLongerThanDiscordAllows_BecomesATextLink()
    {
        var longUrl = new Uri("https://www.linkedin.com/oauth/v2/authorization?state=" + new string('s', 600));

        var message = DiscordReplyFormatter.ToMessage(new ChatReply("Connect:", [new LinkButton("Connect LinkedIn", longUrl)]), flags: null);

        Assert.Null(message.Components);
        Assert.Contains($"<{longUrl.AbsoluteUri}>", message.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessage_Buttons_AreLinkButtonsInOneActionRow()
    {
        var url = new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/");

        var message = DiscordReplyFormatter.ToMessage(new ChatReply("Published", [new LinkButton("Open on LinkedIn", url)], ReplyVisibility.Public), flags: null);

        var row = Assert.Single(message.Components!);
        var button = Assert.IsType<LinkButtonComponent>(Assert.Single(row.Components));
        Assert.Equal((2, 5, "Open on LinkedIn", url.AbsoluteUri), (button.Type, button.Style, button.Label, button.Url));
    }
}
