using LinkedInBot.Discord;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.DataProtection;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordReplyContextTests
{
    private static readonly InteractionTarget Target = new("1234", "app-1", "interaction-token-secret", DateTimeOffset.FromUnixTimeSeconds(1_800_000_000), IsGroupChat: true, IsComponent: true);

    [Fact]
    public void Context_ReadsBackAsTheSameTarget()
    {
        using var keys = new TempDirectory();
        var context = new DiscordReplyContext(DataProtectionProvider.Create(new DirectoryInfo(keys.Path)));

        Assert.True(context.TryRead(context.Protect(Target), out var read));
        Assert.Equal(Target, read);
    }

    [Fact]
    public void Context_OfAnEarlierVersion_EncryptedByTheAdapter_IsStillRead()
    {
        using var keys = new TempDirectory();
        var provider = DataProtectionProvider.Create(new DirectoryInfo(keys.Path));
        var earlier = provider.CreateProtector("LinkedInBot.Discord.ReplyContext.v1").Protect(
            string.Join('\n', "d1", Target.InteractionId, Target.ApplicationId, Target.Token, "1800000000", "1", "c"));

        Assert.True(new DiscordReplyContext(provider).TryRead(earlier, out var read));
        Assert.Equal(Target, read);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a context")]
    [InlineData("d2\nonly\nthree")]
    [InlineData("d2\n1234\napp-1\ntoken\nnot-a-time\n1\n")]
    public void Context_ThatIsNotOne_IsRefused(string replyContext)
    {
        using var keys = new TempDirectory();

        Assert.False(new DiscordReplyContext(DataProtectionProvider.Create(new DirectoryInfo(keys.Path))).TryRead(replyContext, out _));
    }
}
