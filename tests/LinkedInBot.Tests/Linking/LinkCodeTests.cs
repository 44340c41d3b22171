using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Linking;
using LinkedInBot.Tests.Posting;
using Microsoft.Data.Sqlite;
using Moq;

namespace LinkedInBot.Tests.Linking;

/// <summary>
/// Issue 15 §1: user A forwards their /link URL to B; B signs in. Without A's code nothing is linked, and B's
/// code sent by B is refused.
/// </summary>
public sealed class LinkCodeTests
{
    [Fact]
    public async Task Code_SentByAnotherChatUser_IsRefused_DiscardsTheSignIn_RevokesTheToken_AndTellsTheRequester()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.RevokeAsync("token-of-bea", It.IsAny<CancellationToken>())).ReturnsAsync(true);

        // Ada asked for the link; Bea opened it and signed in with her own LinkedIn account.
        var code = await core.SignInAsync("ada", "token-of-bea", "Bea Example");
        var refused = Assert.Single(await core.SendAsync("bea", "/link " + code));

        Assert.True(refused.IsError);
        Assert.Contains("belongs to a link another chat user asked for", refused.Text, StringComparison.Ordinal);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("bea"), CancellationToken.None));
        core.LinkedIn.Verify(c => c.RevokeAsync("token-of-bea", It.IsAny<CancellationToken>()), Times.Once);
        var (address, notice) = Assert.Single(core.Notifier.Sent);
        Assert.Equal("ada", address.UserId);
        Assert.Contains("Someone else's LinkedIn account (Bea Example) tried to link", notice.Text, StringComparison.Ordinal);

        // The sign-in is gone: not even Ada's own use of the code links it now.
        var late = Assert.Single(await core.SendAsync("ada", "/link " + code));
        Assert.Contains("No LinkedIn sign-in is waiting", late.Text, StringComparison.Ordinal);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task Code_SentByTheSameUserOnAnotherPlatform_IsRefused()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");

        var request = new ChatRequest(new ChatAddress("other", "ada", "ada"), "ada", "m-other", ChatCommand.Link, code);
        var refused = Assert.Single(await core.SendAsync(request));

        Assert.True(refused.IsError);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task Code_ViaTelegramsStartDeepLink_FromAPrivateChat_LinksTheChatWhereLinkWasAsked()
    {
        await using var core = await CoreHost.StartAsync();
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace", chat: "group-1");

        var reply = Assert.Single(await core.SendAsync("ada", "/start " + code));

        Assert.StartsWith("Linked as Ada Lovelace", reply.Text, StringComparison.Ordinal);
        var link = await core.Links.FindAsync(CoreHost.Address("ada", "group-1"), CancellationToken.None);
        Assert.Equal("group-1", link?.Address.ChatId);
    }

    [Fact]
    public async Task Code_IsSingleUse()
    {
        await using var core = await CoreHost.StartAsync();
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");
        Assert.StartsWith("Linked as", Assert.Single(await core.SendAsync("ada", "/link " + code)).Text, StringComparison.Ordinal);

        var again = Assert.Single(await core.SendAsync("ada", "/link " + code));

        Assert.True(again.IsError);
        Assert.Contains("No LinkedIn sign-in is waiting", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Code_AfterTenMinutes_HasExpired_AndTheTokenIsRevoked()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");

        core.Time.Advance(AccountLinking.CodeLifetime + TimeSpan.FromSeconds(1));
        var reply = Assert.Single(await core.SendAsync("ada", "/link " + code));

        Assert.True(reply.IsError);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        core.LinkedIn.Verify(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Code_JustBeforeTenMinutes_StillLinks()
    {
        await using var core = await CoreHost.StartAsync();
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");

        core.Time.Advance(AccountLinking.CodeLifetime - TimeSpan.FromSeconds(1));

        Assert.StartsWith("Linked as", Assert.Single(await core.SendAsync("ada", "/link " + code)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongCodes_CountDown_AndTheFifthDiscardsTheSignIn()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>())).ReturnsAsync(true);
        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");
        var wrong = code == "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";

        for (var i = 1; i < LinkCodeRedemption.MaxFailedAttempts; i++)
        {
            var reply = Assert.Single(await core.SendAsync("ada", "/link " + wrong));
            Assert.Contains($"({LinkCodeRedemption.MaxFailedAttempts - i} tr", reply.Text, StringComparison.Ordinal);
        }

        core.LinkedIn.Verify(c => c.RevokeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        var last = Assert.Single(await core.SendAsync("ada", "/link not-a-code!"));
        Assert.Contains("After 5 wrong codes", last.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.RevokeAsync("token-ada", It.IsAny<CancellationToken>()), Times.Once);

        var right = Assert.Single(await core.SendAsync("ada", "/link " + code));
        Assert.Contains("No LinkedIn sign-in is waiting", right.Text, StringComparison.Ordinal);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task LinkPrompt_NamesTheCodeStep_AndOffersACodeForm()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.BuildAuthorizeUrl(It.IsAny<string>())).Returns(new Uri("https://linkedin.example/authorize"));

        var prompt = Assert.Single(await core.SendAsync("ada", "/link"));

        Assert.Contains("send /link <code> here to finish", prompt.Text, StringComparison.Ordinal);
        Assert.Equal(CodeEntryPrompt.FinishLinking, prompt.CodeEntry);
    }

    [Fact]
    public async Task PendingLink_IsStoredWithoutTheTokenOrTheCodeInPlainText()
    {
        var folder = new Support.TempDirectory();
        try
        {
            string code;
            await using (var core = await CoreHost.StartAsync(folder))
            {
                code = await core.SignInAsync("ada", "token-ada-secret-value", "Ada Lovelace");
            }

            SqliteConnection.ClearAllPools();
            var bytes = string.Concat(Directory.GetFiles(folder.Path, "*.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));
            Assert.Contains("Ada Lovelace", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("token-ada-secret-value", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain(code, bytes, StringComparison.Ordinal);
        }
        finally
        {
            folder.Dispose();
        }
    }
}
