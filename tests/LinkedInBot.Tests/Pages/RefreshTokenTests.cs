using LinkedInBot.Core;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.Pages;

/// <summary>Issue 14 §3: a link with a refresh token renews itself, with time under the test's control and the fake LinkedIn's refresh grant.</summary>
public sealed class RefreshTokenTests
{
    private static async Task<(FakeLinkedInServer LinkedIn, BotUnderTest Bot, FakeTimeProvider Time)> StartAsync(StorageProvider provider = StorageProvider.Sqlite)
    {
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.IssueRefreshTokens = true;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkedIn:EnablePages"] = "true", provider: provider, time: time);
        return (linkedIn, bot, time);
    }

    private static Task<AccountLink?> LinkOf(BotUnderTest bot) =>
        bot.App.Services.GetRequiredService<IAccountLinkStore>().FindAsync(BotUnderTest.Address("ada"), CancellationToken.None);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_WithARefreshToken_IsRenewedWhenAWeekIsLeft_WithoutTheUser_AndNoReminderIsSent(StorageProvider provider)
    {
        var (linkedIn, bot, time) = await StartAsync(provider);
        await using var _ = linkedIn;
        await using var __ = bot;

        var linked = await bot.LinkAsync("ada");
        Assert.Contains("The bot renews the link by itself.", linked.Text, StringComparison.Ordinal);
        Assert.Contains("The link renews itself", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);
        var first = (await LinkOf(bot))!;
        Assert.NotNull(first.RefreshToken);
        Assert.True(first.RenewsItself);

        // 54 days on, 6 are left: the next hourly check renews it.
        time.Advance(TimeSpan.FromDays(54));
        await Eventually.TrueAsync(async () => (await LinkOf(bot))!.ExpiresAt > first.ExpiresAt, "the link was renewed");

        var renewed = (await LinkOf(bot))!;
        Assert.Equal(1, linkedIn.RefreshGrants);
        Assert.NotEqual(first.AccessToken, renewed.AccessToken);
        Assert.Equal(first.RefreshToken, renewed.RefreshToken);
        Assert.True(renewed.ExpiresAt >= time.GetUtcNow().AddDays(59));
        Assert.Equal(first.LinkedAt, renewed.LinkedAt);

        // The old token is gone at LinkedIn: the post goes out with the new one.
        linkedIn.ExpireToken(first.AccessToken);
        Assert.StartsWith("Published on LinkedIn", Assert.Single(await bot.SendAsync("ada", "/post Still here")).Text, StringComparison.Ordinal);
        Assert.Equal("Bearer " + renewed.AccessToken, linkedIn.Requests.Last(r => r.Path == "/rest/posts").Header("Authorization"));
        Assert.Empty(bot.Notifier.Sent);
    }

    [Fact]
    public async Task Post_AfterA401_RenewsTheLinkAndPublishes()
    {
        var (linkedIn, bot, _) = await StartAsync();
        await using var __ = linkedIn;
        await using var ___ = bot;
        await bot.LinkAsync("ada");
        var first = (await LinkOf(bot))!;
        linkedIn.ExpireToken(first.AccessToken);

        var reply = Assert.Single(await bot.SendAsync("ada", "/post After a 401"));

        Assert.StartsWith("Published on LinkedIn", reply.Text, StringComparison.Ordinal);
        Assert.Equal(1, linkedIn.RefreshGrants);
        Assert.Single(linkedIn.Posts);
        Assert.NotEqual(first.AccessToken, (await LinkOf(bot))!.AccessToken);
    }

    [Fact]
    public async Task RefreshTokenRefused_IsDropped_AndTheOwnerIsRemindedToLinkAgain()
    {
        var (linkedIn, bot, time) = await StartAsync();
        await using var __ = linkedIn;
        await using var ___ = bot;
        await bot.LinkAsync("ada");
        linkedIn.RefuseRefreshTokens();

        time.Advance(TimeSpan.FromDays(54));
        await Eventually.TrueAsync(async () => (await LinkOf(bot))!.RefreshToken is null, "the refused refresh token was dropped");
        time.Advance(TimeSpan.FromHours(1));

        var (_, reminder) = Assert.Single(await bot.Notifier.WaitForAsync(1));
        Assert.Contains("expires in", reminder.Text, StringComparison.Ordinal);
        var status = Assert.Single(await bot.SendAsync("ada", "/status")).Text;
        Assert.DoesNotContain("renews itself", status, StringComparison.Ordinal);
        Assert.Contains("Send /link soon to renew it.", status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_WithoutARefreshToken_StillExpiresAndIsReminded()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var bot = await BotUnderTest.StartAsync(linkedIn, time: time);
        var linked = await bot.LinkAsync("ada");
        Assert.Contains("LinkedIn then asks you to link again", linked.Text, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromDays(54));
        Assert.Single(await bot.Notifier.WaitForAsync(1));
        Assert.Equal(0, linkedIn.RefreshGrants);
    }
}
