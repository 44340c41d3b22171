using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>The first conversation on each platform through <see cref="Conversation"/>: link, post, read the URL.</summary>
public sealed class ConversationTests
{
    [Fact]
    public async Task Post_OnTelegram_IsAnsweredWithThePostsLinkedInUrl()
    {
        await using var chat = await Conversation.OnTelegramAsync();
        await chat.LinkAsync();

        var post = await chat.Send("/post hello");

        var reply = await chat.ExpectReply(r => r.Contains("linkedin.com/feed/update"));
        Assert.Equal(post!.MessageId, reply.ReplyTo);
        Assert.Equal("hello", Assert.Single(chat.LinkedIn.Posts).Commentary);
    }

    [Fact]
    public async Task Post_OnTheConsole_IsAnsweredWithThePostsLinkedInUrl()
    {
        await using var chat = await Conversation.OnConsoleAsync();
        await chat.LinkAsync();

        await chat.Send("/post hello");

        await chat.ExpectReply(r => r.StartsWith("Published on LinkedIn") && r.Contains("linkedin.com/feed/update"));
        Assert.Equal("hello", Assert.Single(chat.LinkedIn.Posts).Commentary);
    }
}
