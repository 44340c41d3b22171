using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Tests.Storage;

public sealed class AccountLinkCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Remember_AReadThatStartedBeforeAChange_IsNotKept()
    {
        // A find reads the old row, a save commits and forgets, then the find's result arrives: it must not
        // come back as the cached answer (the user would post with a replaced or revoked token).
        var cache = new AccountLinkCache();
        var generation = cache.Generation;

        cache.Forget("telegram", "user-1");
        cache.Remember("telegram", "user-1", "chat-1", Link("old-token"), generation);

        Assert.False(cache.TryGet("telegram", "user-1", "chat-1", out _));
    }

    [Fact]
    public void Forget_DropsEveryChatOfThatUserOnThatPlatformOnly()
    {
        var cache = new AccountLinkCache();
        cache.Remember("telegram", "user-1", "chat-1", Link("a"), cache.Generation);
        cache.Remember("telegram", "user-1", "chat-2", null, cache.Generation);
        cache.Remember("telegram", "user-2", "chat-1", Link("b"), cache.Generation);
        cache.Remember("discord", "user-1", "chat-1", Link("c"), cache.Generation);

        cache.Forget("telegram", "user-1");

        Assert.False(cache.TryGet("telegram", "user-1", "chat-1", out _));
        Assert.False(cache.TryGet("telegram", "user-1", "chat-2", out _));
        Assert.True(cache.TryGet("telegram", "user-2", "chat-1", out var other) && other?.AccessToken == "b");
        Assert.True(cache.TryGet("discord", "user-1", "chat-1", out var elsewhere) && elsewhere?.AccessToken == "c");
    }

    [Fact]
    public void TryGet_AUserKnownToHaveNoLink_IsAHitWithoutALink()
    {
        var cache = new AccountLinkCache();
        cache.Remember("telegram", "user-1", "chat-1", null, cache.Generation);

        Assert.True(cache.TryGet("telegram", "user-1", "chat-1", out var link));
        Assert.Null(link);
    }

    private static AccountLink Link(string token) =>
        new(new ChatAddress("telegram", "chat-1", "user-1"), "urn:li:person:abc", "Ada", token, Now.AddDays(60), ["w_member_social"], Now, Now);
}
