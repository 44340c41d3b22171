using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Lifecycle;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace LinkedInBot.Tests.Lifecycle;

/// <summary>Expiry reminders through the real core, job runtime and SQLite, with time under the test's control.</summary>
public sealed class LinkReminderTests
{
    [Fact]
    public async Task Reminders_SevenDaysThenOneDayLeft_EachArriveOnce_AlsoAfterARestart()
    {
        using var folder = new TempDirectory();
        ChatReply first, second;
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using (var core = await CoreHost.StartAsync(folder, time: time))
        {
            await core.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(10));

            // Ten days left: the start-up check and an hourly one say nothing.
            time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await Reminders(core).CheckAsync(CancellationToken.None));

            // The hourly check (Bot:ReminderInterval) that runs once less than 7 days are left.
            time.Advance(TimeSpan.FromDays(3) + TimeSpan.FromHours(2));
            first = (await core.Notifier.WaitForAsync(1))[0].Reply;
            await RemindedOfAsync(core, 7);
            time.Advance(TimeSpan.FromHours(1));
            Assert.Equal(0, await Reminders(core).CheckAsync(CancellationToken.None));

            time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(12));
            second = (await core.Notifier.WaitForAsync(2))[1].Reply;
            await RemindedOfAsync(core, 1);
            Assert.Equal(2, core.Notifier.Sent.Count);
        }

        Assert.Contains("expires in 6 days", first.Text, StringComparison.Ordinal);
        Assert.Contains("expires in less than a day", second.Text, StringComparison.Ordinal);
        foreach (var reminder in new[] { first, second })
        {
            Assert.Equal(ReplyVisibility.Secret, reminder.Visibility);
            Assert.Equal("Reconnect LinkedIn", Assert.Single(reminder.Buttons).Label);
            Assert.StartsWith("https://linkedin.example/authorize?state=", reminder.Buttons[0].Url.AbsoluteUri, StringComparison.Ordinal);
            Assert.Contains("/link <code>", reminder.Text, StringComparison.Ordinal);
        }

        // A restart checks at once, and finds nothing left to say.
        await using var restarted = await CoreHost.StartAsync(folder, time: time);
        Assert.Equal(0, await Reminders(restarted).CheckAsync(CancellationToken.None));
        Assert.Empty(restarted.Notifier.Sent);
    }

    [Fact]
    public async Task Reminder_ForALinkThatCrossedBothThresholdsSinceTheLastCheck_IsOneMessage()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(10));

        // The bot was down for days: the next check finds less than a day left.
        core.Time.Advance(TimeSpan.FromDays(9) + TimeSpan.FromHours(12));
        var reminder = Assert.Single(await core.Notifier.WaitForAsync(1));

        await RemindedOfAsync(core, 1);
        Assert.Equal(0, await Reminders(core).CheckAsync(CancellationToken.None));
        Assert.Contains("less than a day", reminder.Reply.Text, StringComparison.Ordinal);
        Assert.Single(core.Notifier.Sent);
    }

    [Fact]
    public async Task Reminder_ForALinkMadeWithLessThanSevenDaysLeft_ComesWithTheNextCheck()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(3));

        Assert.Equal(1, await Reminders(core).CheckAsync(CancellationToken.None));

        var (address, reply) = Assert.Single(await core.Notifier.WaitForAsync(1));
        Assert.Equal(CoreHost.Address("ada"), address with { ReplyContext = null });
        Assert.Contains("expires in 3 days", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_WithTwoReplicasCheckingTogether_IsSentOnce()
    {
        using var folder = new TempDirectory();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        await using var one = await CoreHost.StartAsync(folder, time: time);
        await using var two = await CoreHost.StartAsync(folder, time: time);
        await one.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(3));
        two.LinkedIn.Setup(c => c.BuildAuthorizeUrl(It.IsAny<string>())).Returns(new Uri("https://linkedin.example/authorize?state=two"));

        var queued = await Task.WhenAll(
            Task.Run(() => Reminders(one).CheckAsync(CancellationToken.None)),
            Task.Run(() => Reminders(two).CheckAsync(CancellationToken.None)));

        Assert.Equal(1, queued.Sum());
        await RemindedOfAsync(one, 7);
        Assert.Equal(1, one.Notifier.Sent.Count + two.Notifier.Sent.Count);
        Assert.Equal(0, await Reminders(two).CheckAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Post_WhenLinkedInAnswers401_MarksTheLinkExpired_SoStatusSaysSoAndNoReminderFollows()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(5));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "hello", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.LinkExpired());

        var refused = Assert.Single(await core.SendAsync("ada", "/post hello"));
        var status = Assert.Single(await core.SendAsync("ada", "/status"));

        Assert.True(refused.IsError);
        Assert.Equal("Your link to Ada Lovelace expired. Send /link to reconnect.", status.Text);
        Assert.Equal(0, await Reminders(core).CheckAsync(CancellationToken.None));
    }

    private static LinkReminderService Reminders(CoreHost core) => core.Host.Services.GetRequiredService<LinkReminderService>();

    private static Task RemindedOfAsync(CoreHost core, int days) =>
        Eventually.TrueAsync(
            async () => (await core.Host.Services.GetRequiredService<ILinkLifecycleStore>().FindAsync(CoreHost.Address("ada"), CancellationToken.None))?.RemindedDays == days,
            $"the link records its {days}-day reminder");
}

/// <summary>The reminder check's rules on their own, with the store as a seam.</summary>
public sealed class LinkReminderRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Check_SkipsALinkThatRenewsItself_AndQueuesTheOtherOnce()
    {
        var renewing = new ExpiringLink(LinkExpiringIn("grace", TimeSpan.FromDays(2)) with { RenewsItself = true }, null);
        var plain = new ExpiringLink(LinkExpiringIn("ada", TimeSpan.FromDays(2)), null);
        var store = new Mock<ILinkLifecycleStore>();
        store.Setup(s => s.GetExpiringAsync(Now, Now + TimeSpan.FromDays(7), It.IsAny<CancellationToken>())).ReturnsAsync([renewing, plain]);
        var jobs = new Mock<LinkedInBot.Core.Jobs.IChatJobStore>();
        var queued = new List<LinkedInBot.Core.Jobs.NewChatJob>();
        jobs.Setup(j => j.EnqueueAsync(Capture.In(queued), Now, It.IsAny<CancellationToken>())).ReturnsAsync((1L, true));
        using var signal = new LinkedInBot.Core.Jobs.ChatJobSignal();
        var service = new LinkReminderService(
            store.Object,
            jobs.Object,
            signal,
            Microsoft.Extensions.Options.Options.Create(new LinkedInBot.Core.BotOptions()),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<LinkReminderService>.Instance);

        Assert.Equal(1, await service.CheckAsync(CancellationToken.None));

        var job = Assert.Single(queued);
        Assert.Equal("test:ada", job.ChatKey);
        Assert.StartsWith("reminder:test:ada:ada:", job.DedupeKey, StringComparison.Ordinal);
        Assert.EndsWith(":7", job.DedupeKey, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(7 * 24, null)]
    [InlineData(7 * 24 - 1, 7)]
    [InlineData(25, 7)]
    [InlineData(24, 7)]
    [InlineData(23, 1)]
    [InlineData(0, null)]
    [InlineData(-5, null)]
    public void DueThreshold_IsTheSmallestThresholdTheTimeLeftIsUnder(int hoursLeft, int? expected) =>
        Assert.Equal(expected, LinkReminderService.DueThreshold(TimeSpan.FromHours(hoursLeft)));

    private static AccountLink LinkExpiringIn(string user, TimeSpan left) =>
        new(CoreHost.Address(user), "urn:li:person:" + user, user, "token-" + user, Now + left, ["w_member_social"], Now - TimeSpan.FromDays(58), Now - TimeSpan.FromDays(58));
}
