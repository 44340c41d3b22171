using System.Text;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace LinkedInBot.Tests.Lifecycle;

/// <summary>/forget through the real core on a real SQLite file.</summary>
public sealed class ForgetMeTests
{
    private const string Canary = "Board memo canary-3f9b27e1d4: salaries for 2027";

    [Fact]
    public async Task Forget_ListsWhatWouldBeDeleted_AsksToConfirm_AndDeletesNothing()
    {
        await using var core = await PostedAsync(Canary);

        var reply = Assert.Single(await core.SendAsync("ada", "/forget"));

        Assert.Contains("your LinkedIn link (Ada Lovelace), revoked at LinkedIn too", reply.Text, StringComparison.Ordinal);
        Assert.Contains("1 post in the bot's history", reply.Text, StringComparison.Ordinal);
        Assert.Contains("Posts already published on LinkedIn stay there", reply.Text, StringComparison.Ordinal);
        Assert.Contains("send /forget yes", reply.Text, StringComparison.Ordinal);
        Assert.Equal(new ConfirmButton("Forget me", ChatCommand.Forget, "yes", "ada"), reply.Confirm);
        Assert.NotNull(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        Assert.NotNull(await core.Ledger.FindAsync("test", "ada", "m-post", CancellationToken.None));
    }

    [Fact]
    public async Task ForgetYes_RevokesAndDeletesTheLinks_HistoryAndSignIns_ButNotOtherUsers()
    {
        await using var core = await PostedAsync(Canary);
        await core.LinkAsync("grace", "token-grace", "Grace Hopper");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-grace", "urn:li:person:grace", "Grace's post", null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.Published("urn:li:share:9", new Uri("https://www.linkedin.com/feed/update/urn:li:share:9/")));
        await core.SendAsync("grace", "/post Grace's post", messageId: "m-grace");
        await core.StartLinkAsync("ada", chat: "team");
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        var done = Assert.Single(await core.SendAsync("ada", "/forget yes"));

        Assert.StartsWith("Done: the bot deleted everything it kept about you:", done.Text, StringComparison.Ordinal);
        Assert.Contains("Posts already published on LinkedIn stay there", done.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>()), Times.Once);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        Assert.Null(await core.Ledger.FindAsync("test", "ada", "m-post", CancellationToken.None));
        var nothingLeft = Assert.Single(await core.SendAsync("ada", "/forget"));
        Assert.StartsWith("The bot keeps nothing about you", nothingLeft.Text, StringComparison.Ordinal);
        Assert.Null(nothingLeft.Confirm);

        Assert.NotNull(await core.Links.FindAsync(CoreHost.Address("grace"), CancellationToken.None));
        Assert.Equal("Grace's post", (await core.Ledger.FindAsync("test", "grace", "m-grace", CancellationToken.None))!.Text);
    }

    [Fact]
    public async Task ForgetYes_LeavesThePostTextNowhereInTheDatabaseFiles()
    {
        using var folder = new TempDirectory();
        await using var core = await PostedAsync(Canary, folder);
        Assert.True(FilesContain(folder, Canary), "the post text is in the database files before /forget");
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        await core.SendAsync("ada", "/forget yes");

        Assert.False(FilesContain(folder, Canary), "the post text is gone from bot.db and bot.db-wal");
        Assert.Equal(0, new FileInfo(folder.DatabaseFile + "-wal").Length);
        Assert.DoesNotContain(core.Logs.Entries, e => e.Category.EndsWith("SqliteDataErasure", StringComparison.Ordinal));
    }

    private static async Task<CoreHost> PostedAsync(string text, TempDirectory? folder = null)
    {
        var core = await CoreHost.StartAsync(folder);
        await core.LinkAsync("ada", "token-ada", "Ada Lovelace");
        core.LinkedIn.Setup(c => c.CreatePostAsync("token-ada", "urn:li:person:ada", text, null, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new PublishOutcome.Published("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/")));
        var published = Assert.Single(await core.SendAsync("ada", "/post " + text, messageId: "m-post"));
        Assert.StartsWith("Published on LinkedIn", published.Text, StringComparison.Ordinal);
        return core;
    }

    /// <summary>The raw bytes of the database file and its write-ahead log, read while the bot has them open.</summary>
    private static bool FilesContain(TempDirectory folder, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var path in new[] { folder.DatabaseFile, folder.DatabaseFile + "-wal" }.Where(File.Exists))
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            if (copy.ToArray().AsSpan().IndexOf(needle) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
