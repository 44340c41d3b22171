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
}
