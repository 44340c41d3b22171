using LinkedInBot.Telegram;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Telegram;

public sealed class TelegramTextTests
{
    [Fact]
    public void Truncate_NeverSplitsASurrogatePair()
    {
        var text = new string('a', 4094) + "😀😀";

        var cut = TelegramText.Truncate(text);

        Assert.True(cut.Length <= TelegramText.MaxMessageLength);
        Assert.False(char.IsHighSurrogate(cut[^2]));
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void EmptyText_BecomesSomethingTelegramAccepts(string text) => Assert.Equal("…", TelegramText.Truncate(text));

    [Fact]
    public void ToHtml_EscapesEverythingMarkupLike() =>
        Assert.Equal("&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;", TelegramText.ToHtml("<b>Tom & Jerry</b>"));

    [Fact]
    public void Pacer_LetsABurstThrough_ThenSpacesMessagesPerChat()
    {
        var time = new FakeTimeProvider();
        var pacer = new TelegramChatPacer(time);

        Assert.All(Enumerable.Range(0, 3), _ => Assert.Equal(TimeSpan.Zero, pacer.Reserve(42)));
        Assert.Equal(TimeSpan.FromSeconds(1), pacer.Reserve(42));
        Assert.Equal(TimeSpan.FromSeconds(2), pacer.Reserve(42));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(43));

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(42));
    }

    [Fact]
    public void Pacer_KeepsGroupsUnderTwentyMessagesAMinute()
    {
        var pacer = new TelegramChatPacer(new FakeTimeProvider());

        var waits = Enumerable.Range(0, 23).Select(_ => pacer.Reserve(-100)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(60), waits[^1]);
    }
}
