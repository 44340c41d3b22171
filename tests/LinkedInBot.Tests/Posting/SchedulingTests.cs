using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LinkedInBot.Tests.Posting;

/// <summary>
/// Scheduled posts and drafts on the real core and job runtime (SQLite), LinkedIn mocked, time a
/// <see cref="FakeTimeProvider"/>: a scheduled post is a job due at its time, run by the runner once.
/// </summary>
public sealed class SchedulingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly PublishOutcome.Published Share1 = new("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"));

    private static async Task<CoreHost> LinkedCoreAsync(TempDirectory? folder = null)
    {
        var core = await CoreHost.StartAsync(folder, time: new FakeTimeProvider(Start));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        return core;
    }

    private static void PublishesAs(CoreHost core, string text, PublishOutcome.Published outcome) =>
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", text, null, It.IsAny<CancellationToken>())).ReturnsAsync(outcome);

    private static void VerifyPublished(CoreHost core, string text, Times times) =>
        core.LinkedIn.Verify(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", text, null, It.IsAny<CancellationToken>()), times);

    private static ChatRequest Press(string user, string data) =>
        new(CoreHost.Address(user), user, "press-" + Guid.NewGuid().ToString("N"), ChatCommand.Press, data);

    private static async Task<(ChatAddress Address, ChatReply Reply)> NotifiedAsync(CoreHost core, Func<ChatReply, bool> match)
    {
        await UntilAsync(core, () => Task.FromResult(core.Notifier.Sent.Any(s => match(s.Reply))), "the chat hears from the scheduled post");
        return core.Notifier.Sent.First(s => match(s.Reply));
    }

    /// <summary>
    /// Waits for the runner, nudging the fake clock by 100 ms while it waits: a runner that computed its sleep just
    /// before the test's Advance sleeps on a timer the jump did not reach, and only a later tick wakes it.
    /// </summary>
    private static Task UntilAsync(CoreHost core, Func<Task<bool>> condition, string because) =>
        Eventually.TrueAsync(
            async () =>
            {
                if (await condition())
                {
                    return true;
                }

                core.Time.Advance(TimeSpan.FromMilliseconds(100));
                return false;
            },
            because,
            TimeSpan.FromSeconds(20));

    [Fact]
    public async Task ScheduleInOneMinute_IsPublishedOnce_WhenTheMinuteHasPassed()
    {
        await using var core = await LinkedCoreAsync();
        PublishesAs(core, "Our release is out", Share1);

        var confirmation = Assert.Single(await core.SendAsync("ada", "/schedule in 1m Our release is out"));
        Assert.StartsWith("Scheduled post 1 for Mon 30 Nov 2026 12:01 (UTC), in 1 minute.", confirmation.Text, StringComparison.Ordinal);
        Assert.Equal("cancel:1", Assert.Single(confirmation.Actions).Data);
        VerifyPublished(core, "Our release is out", Times.Never());

        core.Time.Advance(TimeSpan.FromSeconds(61));

        var (address, published) = await NotifiedAsync(core, r => r.Text.StartsWith("Published on LinkedIn", StringComparison.Ordinal));
        Assert.Equal(CoreHost.Address("ada"), address with { ReplyContext = null });
        VerifyPublished(core, "Our release is out", Times.Once());
        var entry = await core.Ledger.FindAsync("test", "ada", "waiting-post:1", CancellationToken.None);
        Assert.True(entry!.CreatedAt >= Start.AddMinutes(1), "not published before its time");

        // The job is done: more time publishes nothing more.
        core.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Empty((await core.SendAsync("ada", "/queue"))[0].Actions);
        VerifyPublished(core, "Our release is out", Times.Once());
    }

    [Fact]
    public async Task ScheduleInOneMinute_WithARestartInBetween_IsPublishedOnceByTheNextStart()
    {
        using var folder = new TempDirectory();
        await using (var before = await LinkedCoreAsync(folder))
        {
            Assert.StartsWith("Scheduled post 1", Assert.Single(await before.SendAsync("ada", "/schedule in 1m Survives a restart")).Text, StringComparison.Ordinal);
            before.Time.Advance(TimeSpan.FromSeconds(20));
        }

        await using var after = await CoreHost.StartAsync(folder, time: new FakeTimeProvider(Start.AddSeconds(30)));
        PublishesAs(after, "Survives a restart", Share1);
        after.Time.Advance(TimeSpan.FromSeconds(31));

        await NotifiedAsync(after, r => r.Text.StartsWith("Published on LinkedIn", StringComparison.Ordinal));
        VerifyPublished(after, "Survives a restart", Times.Once());
    }

    [Fact]
    public async Task ScheduledPost_FoundMuchTooLate_AsksItsAuthor_AndPublishesOnlyOnPublishNow()
    {
        await using var core = await LinkedCoreAsync();
        PublishesAs(core, "Late news", Share1);
        await core.SendAsync("ada", "/schedule in 1m Late news");

        // The bot was "down" for seven hours: more than Bot:LateScheduleLimit (6 h).
        core.Time.Advance(TimeSpan.FromHours(7));

        var (_, question) = await NotifiedAsync(core, r => r.Text.Contains("Publish it now, or cancel it?", StringComparison.Ordinal));
        Assert.Equal(["Publish now", "Cancel"], question.Actions.Select(a => a.Label));
        VerifyPublished(core, "Late news", Times.Never());

        var published = Assert.Single(await core.SendAsync(Press("ada", question.Actions[0].Data)));
        var again = Assert.Single(await core.SendAsync(Press("ada", question.Actions[0].Data)));

        Assert.StartsWith("Published on LinkedIn", published.Text, StringComparison.Ordinal);
        Assert.True(published.ReplacesPressedMessage);
        Assert.Contains("already published", again.Text, StringComparison.Ordinal);
        VerifyPublished(core, "Late news", Times.Once());
    }

    [Fact]
    public async Task ScheduledPost_ALittleLate_IsPublishedWithoutAsking()
    {
        await using var core = await LinkedCoreAsync();
        PublishesAs(core, "Slightly late", Share1);
        await core.SendAsync("ada", "/schedule in 1m Slightly late");

        core.Time.Advance(TimeSpan.FromHours(5));

        await NotifiedAsync(core, r => r.Text.StartsWith("Published on LinkedIn", StringComparison.Ordinal));
        VerifyPublished(core, "Slightly late", Times.Once());
    }

    [Fact]
    public async Task Queue_ListsScheduledPostsWithCancelButtons_AndCancelledOnesAreNeverPublished()
    {
        await using var core = await LinkedCoreAsync();
        await core.SendAsync("ada", "/timezone Europe/Berlin");
        await core.SendAsync("ada", "/schedule tomorrow 9:00 First one");
        await core.SendAsync("ada", "/schedule in 2h Second one");

        var queue = Assert.Single(await core.SendAsync("ada", "/queue"));

        var lines = queue.Text.Split('\n');
        Assert.Equal("2 · Mon 30 Nov 2026 15:00 (Europe/Berlin), in 2 hours · \"Second one\"", lines[1]);
        Assert.Equal("1 · Tue 1 Dec 2026 09:00 (Europe/Berlin), in 20 hours · \"First one\"", lines[2]);
        Assert.Equal(["Cancel 2", "Cancel 1"], queue.Actions.Select(a => a.Label));

        var byCommand = Assert.Single(await core.SendAsync("ada", "/cancel 1"));
        var byButton = Assert.Single(await core.SendAsync(Press("ada", queue.Actions[0].Data)));
        var twice = Assert.Single(await core.SendAsync(Press("ada", queue.Actions[0].Data)));
        var foreign = Assert.Single(await core.SendAsync("grace", "/cancel 1"));

        Assert.Equal("Cancelled scheduled post 1; it will not be published.", byCommand.Text);
        Assert.Equal("Cancelled scheduled post 2; it will not be published.", byButton.Text);
        Assert.True(byButton.ReplacesPressedMessage);
        Assert.Contains("was cancelled", twice.Text, StringComparison.Ordinal);
        Assert.True(foreign.IsError);
        Assert.StartsWith("Nothing is scheduled", Assert.Single(await core.SendAsync("ada", "/queue")).Text, StringComparison.Ordinal);

        // Both jobs come due and end without publishing.
        core.Time.Advance(TimeSpan.FromDays(1));
        var jobs = core.Host.Services.GetRequiredService<LinkedInBot.Core.Jobs.IChatJobStore>();
        await UntilAsync(core, async () => await jobs.NextRunnableAtAsync(CancellationToken.None) is null, "the cancelled posts' jobs have run");
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Theory]
    [InlineData("/schedule 2026-11-30 11:00 Too late", "has already passed")]
    [InlineData("/schedule in 91d Too far", "at most 90 days ahead")]
    [InlineData("/schedule whenever Nope", "Start with a time")]
    [InlineData("/schedule in 2h", "Nothing to schedule")]
    public async Task Schedule_RefusesClearly_AndStoresNothing(string line, string expected)
    {
        await using var core = await LinkedCoreAsync();

        var reply = Assert.Single(await core.SendAsync("ada", line));

        Assert.True(reply.IsError);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
        Assert.Empty(await core.Host.Services.GetRequiredService<IWaitingPostStore>().ListAsync("test", "ada", [WaitingPostState.Scheduled], CancellationToken.None));
    }

    [Fact]
    public async Task Schedule_AfterTheLinkExpires_WarnsWhenScheduling()
    {
        await using var core = await CoreHost.StartAsync(time: new FakeTimeProvider(Start));
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace", lifetime: TimeSpan.FromDays(3));

        var reply = Assert.Single(await core.SendAsync("ada", "/schedule in 5d Next week"));

        Assert.Contains("Your LinkedIn link expires before then", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Draft_ShowsThePost_ThenPublishReplacesItWithThePublishedAnswer_Once()
    {
        await using var core = await LinkedCoreAsync();
        PublishesAs(core, "Draft me #dotnet (really)", Share1);

        var preview = Assert.Single(await core.SendAsync("ada", "/draft Draft me #dotnet (really)"));

        Assert.Equal(["Publish", "Schedule", "Cancel"], preview.Actions.Select(a => a.Label));
        Assert.Contains("Draft me #dotnet (really)", preview.Text, StringComparison.Ordinal);
        Assert.Contains("Hashtags: #dotnet", preview.Text, StringComparison.Ordinal);
        VerifyPublished(core, "Draft me #dotnet (really)", Times.Never());

        var published = Assert.Single(await core.SendAsync(Press("ada", preview.Actions[0].Data)));
        var again = Assert.Single(await core.SendAsync(Press("ada", preview.Actions[0].Data)));

        Assert.StartsWith("Published on LinkedIn", published.Text, StringComparison.Ordinal);
        Assert.True(published.ReplacesPressedMessage);
        Assert.False(again.ReplacesPressedMessage);
        Assert.Contains("already published", again.Text, StringComparison.Ordinal);
        VerifyPublished(core, "Draft me #dotnet (really)", Times.Once());
    }

    [Fact]
    public async Task Settings_PreviewOn_TurnsPostIntoADraft()
    {
        await using var core = await LinkedCoreAsync();

        await core.SendAsync("ada", "/settings preview on");
        var reply = Assert.Single(await core.SendAsync("ada", "/post Not yet"));

        Assert.StartsWith("Draft 1", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.CreatePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string?>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task DraftSchedule_AsksForTheTime_ThenScheduleWithTheDraftsNumberSchedulesIt()
    {
        await using var core = await LinkedCoreAsync();
        PublishesAs(core, "Later, please", Share1);
        var preview = Assert.Single(await core.SendAsync("ada", "/draft Later, please"));

        var ask = Assert.Single(await core.SendAsync(Press("ada", preview.Actions[1].Data)));
        Assert.Contains("/schedule 1 tomorrow 9:00", ask.Text, StringComparison.Ordinal);

        var scheduled = Assert.Single(await core.SendAsync("ada", "/schedule 1 in 1h"));
        Assert.StartsWith("Scheduled post 1 for Mon 30 Nov 2026 13:00 (UTC)", scheduled.Text, StringComparison.Ordinal);

        core.Time.Advance(TimeSpan.FromMinutes(61));
        await NotifiedAsync(core, r => r.Text.StartsWith("Published on LinkedIn", StringComparison.Ordinal));
        VerifyPublished(core, "Later, please", Times.Once());
    }
}
