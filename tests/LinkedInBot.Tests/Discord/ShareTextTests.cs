using LinkedInBot.Discord;

namespace LinkedInBot.Tests.Discord;

public sealed class ShareTextTests
{
    [Fact]
    public void From_ReplacesMentionsOfKnownUsersAndCustomEmoji()
    {
        var message = new SourceMessage
        {
            Id = "1",
            Content = "Thanks <@111> and <@!222> <:party:333> <a:wave:444>, also <@999> in <#555>",
            Mentions = [new DiscordUser { Id = "111", Username = "ada", GlobalName = "Ada" }, new DiscordUser { Id = "222", Username = "grace" }],
        };

        var text = ShareText.From(message);

        Assert.Equal("Thanks @Ada and @grace :party: :wave:, also <@999> in <#555>", text);
    }

    [Theory]
    [InlineData("Launch at <t:1767225600:F>!", "Launch at 2026-01-01 00:00 UTC!")]
    [InlineData("Doors open <t:1767225600:t>", "Doors open 00:00 UTC")]
    [InlineData("On <t:1767225600:D>", "On 2026-01-01")]
    [InlineData("Posted <t:1767225600>", "Posted 2026-01-01 00:00 UTC")]
    [InlineData("Out of range <t:9999999999999>", "Out of range <t:9999999999999>")]
    [InlineData("Try </linkedin post:123456789012345678> now", "Try /linkedin post now")]
    public void From_WritesTimestampsAndCommandMentionsOut(string content, string expected)
    {
        var text = ShareText.From(new SourceMessage { Id = "1", Content = content });

        Assert.Equal(expected, text);
    }
}
