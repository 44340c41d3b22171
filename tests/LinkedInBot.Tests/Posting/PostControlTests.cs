using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace LinkedInBot.Tests.Posting;

/// <summary>After publishing: delete (button with confirmation, command), edit, /posts — the real core on SQLite, LinkedIn mocked.</summary>
public sealed class PostControlTests
{
    private static readonly PublishOutcome.Published Share1 = new("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/"));

    private static async Task<(CoreHost Core, long Number)> PublishedAsync(string text = "Hello LinkedIn")
    {
        var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", text, null, It.IsAny<CancellationToken>())).ReturnsAsync(Share1);
        core.LinkedIn.Setup(c => c.DeletePostAsync("token-ada", Share1.Urn, It.IsAny<CancellationToken>())).ReturnsAsync(LinkedInResult<bool>.Ok(true));
        var reply = Assert.Single(await core.SendAsync("ada", "/post " + text, messageId: "post-1"));
        var delete = Assert.Single(reply.Actions, a => a.Label == "Delete");
        Assert.True(PressData.TryParse(delete.Data, out var press));
        return (core, press.Number);
    }

    private static ChatRequest Press(string user, string data) =>
        new(CoreHost.Address(user), user, "press-" + Guid.NewGuid().ToString("N"), ChatCommand.Press, data);

    [Fact]
    public async Task Published_ReplysNumber_IsTheLedgerEntryOfThePost()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;

        var entry = await core.Ledger.FindAsync("test", "ada", "post-1", CancellationToken.None);

        Assert.NotNull(entry);
        Assert.Equal(entry.Id, number);
        var published = Assert.IsType<PublishOutcome.Published>(entry.Outcome);
        Assert.Equal(Share1.Urn, published.Urn);
    }

    [Fact]
    public async Task DeleteButton_AsksFirst_ThenYesDeletesOnce_EvenWhenPressedTwice()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;

        var ask = Assert.Single(await core.SendAsync(Press("ada", $"delete:{number}")));
        Assert.True(ask.ReplacesPressedMessage);
        Assert.Equal(["Yes, delete", "Keep"], ask.Actions.Select(a => a.Label));
        core.LinkedIn.Verify(c => c.DeletePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);

        var yes = ask.Actions[0].Data;
        var deleted = Assert.Single(await core.SendAsync(Press("ada", yes)));
        var again = Assert.Single(await core.SendAsync(Press("ada", yes)));

        Assert.StartsWith("Deleted from LinkedIn", deleted.Text, StringComparison.Ordinal);
        Assert.True(deleted.ReplacesPressedMessage);
        Assert.Empty(deleted.Actions);
        Assert.StartsWith("Deleted from LinkedIn", again.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.DeletePostAsync("token-ada", Share1.Urn, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task KeepButton_RestoresThePublishedMessage_AndDeletesNothing()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;

        var kept = Assert.Single(await core.SendAsync(Press("ada", $"delete-keep:{number}")));

        Assert.StartsWith("Published on LinkedIn", kept.Text, StringComparison.Ordinal);
        Assert.True(kept.ReplacesPressedMessage);
        Assert.Contains(kept.Actions, a => a.Label == "Delete");
        core.LinkedIn.Verify(c => c.DeletePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task SomeoneElse_PressingDelete_IsRefusedAtTheButton_AndInTheCore()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;
        var presses = core.Host.Services.GetRequiredService<ButtonPresses>();

        var refusal = await presses.RefusalAsync(CoreHost.Address("grace", "ada"), $"delete-yes:{number}", CancellationToken.None);
        var own = await presses.RefusalAsync(CoreHost.Address("ada"), $"delete-yes:{number}", CancellationToken.None);
        var inCore = Assert.Single(await core.SendAsync(Press("grace", $"delete-yes:{number}")));

        Assert.NotNull(refusal);
        Assert.True(refusal.IsPressAnswer);
        Assert.Equal("Only the person who published this post can change it.", refusal.Text);
        Assert.Null(own);
        Assert.Equal(refusal.Text, inCore.Text);
        core.LinkedIn.Verify(c => c.DeletePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task DeleteCommand_WithNumberOrUrl_DeletesAtOnce_ButNotSomeoneElses()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;

        var foreign = Assert.Single(await core.SendAsync("grace", $"/delete {number}"));
        Assert.True(foreign.IsError);
        core.LinkedIn.Verify(c => c.DeletePostAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);

        var byUrl = Assert.Single(await core.SendAsync("ada", $"/delete {Share1.Url}"));

        Assert.Equal($"Deleted from LinkedIn (post {number}).", byUrl.Text);
        core.LinkedIn.Verify(c => c.DeletePostAsync("token-ada", Share1.Urn, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task DeleteCommand_AsReplyTarget_DeletesThatPost()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;

        var request = new ChatRequest(CoreHost.Address("ada"), "ada", "m9", ChatCommand.Delete) { Target = number.ToString() };
        var reply = Assert.Single(await core.SendAsync(request));

        Assert.StartsWith("Deleted from LinkedIn", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.DeletePostAsync("token-ada", Share1.Urn, It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Edit_ChangesTheTextAtLinkedIn_AndARepeatChangesNothing()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;
        core.LinkedIn.Setup(c => c.UpdatePostTextAsync("token-ada", Share1.Urn, "Hello LinkedIn, corrected", It.IsAny<CancellationToken>())).ReturnsAsync(LinkedInResult<bool>.Ok(true));

        var edited = Assert.Single(await core.SendAsync("ada", $"/edit {number} Hello LinkedIn, corrected"));
        var repeated = Assert.Single(await core.SendAsync("ada", $"/edit {number} Hello LinkedIn, corrected"));

        Assert.StartsWith("Updated the post on LinkedIn", edited.Text, StringComparison.Ordinal);
        Assert.Contains("already has this text", repeated.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.UpdatePostTextAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task EditedMessage_WithAPictureThePostDidNotHave_SaysSoAndChangesNothing()
    {
        var (core, _) = await PublishedAsync();
        await using var __ = core;
        var image = new ChatImage("new.jpg", 3, _ => Task.FromResult<Stream>(new MemoryStream([1, 2, 3]))) { Reference = "file-2" };

        var request = new ChatRequest(CoreHost.Address("ada"), "ada", "post-1", ChatCommand.Edit, "Hello LinkedIn, now with a picture", image) { Target = PostControl.MessageTarget + "post-1" };
        var reply = Assert.Single(await core.SendAsync(request));

        Assert.True(reply.IsError);
        Assert.StartsWith("LinkedIn lets only the text of a published post change", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.UpdatePostTextAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Posts_ListsTheUsersPosts_WithTheirState()
    {
        var (core, number) = await PublishedAsync();
        await using var _ = core;
        var second = new PublishOutcome.Published("urn:li:share:2", new Uri("https://www.linkedin.com/feed/update/urn:li:share:2/"));
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", "Second post with quite a few words in it to cut", null, It.IsAny<CancellationToken>())).ReturnsAsync(second);
        await core.SendAsync("ada", "/post Second post with quite a few words in it to cut");
        await core.SendAsync("ada", $"/delete {number}");

        var list = Assert.Single(await core.SendAsync("ada", "/posts"));
        var others = Assert.Single(await core.SendAsync("grace", "/posts"));

        var lines = list.Text.Split('\n');
        Assert.Equal("Your posts (newest first):", lines[0]);
        Assert.Contains("\"Second post with quite a few words in it…\" · https://www.linkedin.com/feed/update/urn:li:share:2/", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("https://www.linkedin.com/feed/update/urn:li:share:1/ · deleted", lines[2], StringComparison.Ordinal);
        Assert.StartsWith($"{number} · Mon 30 Nov 2026 12:00 (UTC)", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("You have not published anything", others.Text, StringComparison.Ordinal);
    }
}
