using LinkedInBot.Core;
using LinkedInBot.Core.Approval;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Storage;

/// <summary>Team approval's store on both providers: one decision per proposal, a redelivered proposal stored once.</summary>
public sealed class ApprovalStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);
    private static readonly ChatAddress Grace = new("telegram", "-100123", "1002", "ctx-secret");

    private static Proposal NewProposal(string messageId = "m1") =>
        new(0, Grace, "Grace", messageId, "Our team shipped v2", new WaitingImage("photo.png", 1234, "file-id-1"), "4242", "Acme Corp", Proposal.Pending, null, Now);

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Propose_TheSameMessageTwice_StoresOne_AndKeepsItsImageAndReplyContext(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IApprovalStore>();

        var (first, created) = await store.ProposeAsync(NewProposal(), CancellationToken.None);
        var (again, createdAgain) = await store.ProposeAsync(NewProposal() with { Text = "redelivered" }, CancellationToken.None);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal("Our team shipped v2", again.Text);
        Assert.Equal(new WaitingImage("photo.png", 1234, "file-id-1"), again.Image);
        Assert.Equal(Grace, again.Proposer);
        Assert.NotEqual(first.Id, (await store.ProposeAsync(NewProposal("m2"), CancellationToken.None)).Proposal.Id);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Decide_TwoAtOnce_OnlyOneWins_AndTheProposalNamesTheWinner(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IApprovalStore>();
        var (proposal, _) = await store.ProposeAsync(NewProposal(), CancellationToken.None);

        var decisions = await Task.WhenAll(
            store.DecideAsync(proposal.Id, Proposal.Approved, "1001", "Ada", Now, CancellationToken.None),
            store.DecideAsync(proposal.Id, Proposal.Rejected, "1004", "Carol", Now, CancellationToken.None));

        Assert.Equal(1, decisions.Count(won => won));
        var decided = (await store.FindAsync(proposal.Id, CancellationToken.None))!;
        Assert.Equal(decisions[0] ? (Proposal.Approved, "Ada") : (Proposal.Rejected, "Carol"), (decided.State, decided.DecidedByName));
        Assert.False(await store.DecideAsync(proposal.Id, Proposal.Approved, "1001", "Ada", Now, CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task ApprovalChat_OnThenOff(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IApprovalStore>();
        var chat = new ApprovalChat("discord", "channel-1", "4242", "Acme Corp", "1001", Now);

        await store.SetChatAsync(chat, CancellationToken.None);
        Assert.Equal(chat, await store.FindChatAsync("discord", "channel-1", CancellationToken.None));
        Assert.True(await store.ClearChatAsync("discord", "channel-1", CancellationToken.None));
        Assert.Null(await store.FindChatAsync("discord", "channel-1", CancellationToken.None));
        Assert.False(await store.ClearChatAsync("discord", "channel-1", CancellationToken.None));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Forget_ErasesTheUsersProposals_AndListsThemFirst(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var store = storage.Get<IApprovalStore>();
        var (mine, _) = await store.ProposeAsync(NewProposal(), CancellationToken.None);
        var (theirs, _) = await store.ProposeAsync(NewProposal("m2") with { Proposer = new ChatAddress("telegram", "-100123", "1001") }, CancellationToken.None);
        var grace = new LinkedInBot.Core.Storage.ChatUser("telegram", "1002");
        var eraser = Assert.Single(storage.Get<IEnumerable<IUserDataEraser>>());

        Assert.Contains("1 post you proposed for a company page", await eraser.DescribeAsync(grace, CancellationToken.None));
        await eraser.EraseAsync(grace, Now, CancellationToken.None);

        Assert.Null(await store.FindAsync(mine.Id, CancellationToken.None));
        Assert.NotNull(await store.FindAsync(theirs.Id, CancellationToken.None));
    }
}
