using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Linking;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace LinkedInBot.Tests.Posting;

public sealed class AccountLinkingTests
{
    [Fact]
    public async Task Link_ReplyIsSecretAndCarriesAFreshHighEntropyState()
    {
        await using var core = await CoreHost.StartAsync();
        var states = new List<string>();
        core.LinkedIn.Setup(c => c.BuildAuthorizeUrl(It.IsAny<string>())).Returns((string s) =>
        {
            states.Add(s);
            return new Uri("https://linkedin.example/authorize?scope=openid%20profile&state=" + s);
        });

        var first = Assert.Single(await core.SendAsync("ada", "/link"));
        Assert.Single(await core.SendAsync("ada", "/link"));

        Assert.Equal(ReplyVisibility.Secret, first.Visibility);
        Assert.Equal(2, states.Distinct(StringComparer.Ordinal).Count());
        Assert.All(states, s => Assert.True(s.Length >= 22, "at least 128 bits of base64url"));
        Assert.Contains(states[0], first.Buttons[0].Url.ToString(), StringComparison.Ordinal);

        // A URL printed with spaces ends at the first space in terminals and chat apps.
        Assert.Contains("scope=openid%20profile&state=" + states[0], first.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Callback_WhenTheChatCannotTakeTheNotice_EndsAfterTheNoticeTimeout()
    {
        var stalled = new StalledNotifier();
        await using var core = await CoreHost.StartAsync(configure: services => services.AddSingleton<IChatNotifier>(stalled));
        var state = await core.StartLinkAsync("ada");

        // A chat under a long flood limit: the page (which awaits this) must not wait for it without end.
        var completion = core.Linking.CompleteAsync(state, null, "user_cancelled_authorize", "The user cancelled", CancellationToken.None);
        await stalled.Called.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(completion.IsCompleted);
        core.Time.Advance(AccountLinking.NoticeTimeout);

        Assert.IsType<LinkCompletion.Cancelled>(await completion.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Callback_WithAValidState_ShowsACode_AndOnlyTheCodeFromTheRequesterLinks()
    {
        await using var core = await CoreHost.StartAsync();

        var code = await core.SignInAsync("ada", "token-ada", "Ada Lovelace");

        Assert.Matches("^[A-Z2-9]{8}$", code);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
        Assert.Empty(core.Notifier.Sent);

        var reply = Assert.Single(await core.SendAsync("ada", "/link " + code.ToLowerInvariant()));
        Assert.StartsWith("Linked as Ada Lovelace. Send /post", reply.Text, StringComparison.Ordinal);
        var link = await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None);
        Assert.NotNull(link);
        Assert.Equal("token-ada", link.AccessToken);
    }

    [Fact]
    public async Task Callback_WithAForgedState_IsRefusedWithoutTokenExchange()
    {
        await using var core = await CoreHost.StartAsync();

        var completion = await core.Linking.CompleteAsync("forged-state-value", "some-code", null, null, CancellationToken.None);

        Assert.IsType<LinkCompletion.InvalidState>(completion);
        core.LinkedIn.Verify(c => c.ExchangeCodeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Empty(core.Notifier.Sent);
    }

    [Fact]
    public async Task Callback_WithAReplayedState_IsRefusedTheSecondTime()
    {
        await using var core = await CoreHost.StartAsync();
        var state = await core.LinkAsync("ada", "token-ada", "Ada Lovelace");

        var replay = await core.Linking.CompleteAsync(state, "code-ada", null, null, CancellationToken.None);

        Assert.IsType<LinkCompletion.InvalidState>(replay);
        core.LinkedIn.Verify(c => c.ExchangeCodeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Callback_AfterTenMinutes_IsRefusedAsExpired()
    {
        await using var core = await CoreHost.StartAsync();
        var state = await core.StartLinkAsync("ada");
        core.Time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));

        var completion = await core.Linking.CompleteAsync(state, "code", null, null, CancellationToken.None);

        Assert.IsType<LinkCompletion.InvalidState>(completion);
        core.LinkedIn.Verify(c => c.ExchangeCodeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Callback_WhenTheUserCancels_TellsTheChat()
    {
        await using var core = await CoreHost.StartAsync();
        var state = await core.StartLinkAsync("ada", chat: "group-1");

        var completion = await core.Linking.CompleteAsync(state, null, "user_cancelled_authorize", "The user cancelled", CancellationToken.None);

        Assert.IsType<LinkCompletion.Cancelled>(completion);
        var (address, reply) = Assert.Single(core.Notifier.Sent);
        Assert.Equal("group-1", address.ChatId);
        Assert.Contains("cancelled", reply.Text, StringComparison.Ordinal);
        core.LinkedIn.Verify(c => c.ExchangeCodeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Callback_WhenTheExchangeFails_ShowsTheReasonAndTellsTheChat()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.ExchangeCodeAsync("stale", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TokenExchangeResult(null, "LinkedIn says the authorization code expired."));
        var state = await core.StartLinkAsync("ada");

        var completion = await core.Linking.CompleteAsync(state, "stale", null, null, CancellationToken.None);

        var failed = Assert.IsType<LinkCompletion.Failed>(completion);
        Assert.Contains("expired", failed.Message, StringComparison.Ordinal);
        var (_, reply) = Assert.Single(core.Notifier.Sent);
        Assert.True(reply.IsError);
        Assert.Equal("Linking failed: LinkedIn says the authorization code expired. Send /link to try again.", reply.Text);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task Callback_WhenLinkedInIsNotAnsweringForTheProfile_SaysSoAndStoresNothing()
    {
        await using var core = await CoreHost.StartAsync();
        core.LinkedIn.Setup(c => c.ExchangeCodeAsync("code", It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TokenExchangeResult(new LinkedInToken("token-ada", DateTimeOffset.UtcNow.AddDays(60), ["openid", "profile"]), null));
        core.LinkedIn.Setup(c => c.GetMemberAsync("token-ada", It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<LinkedInMember>.Fail(new Core.Posting.PublishOutcome.Unavailable("circuit open")));
        var state = await core.StartLinkAsync("ada");

        var completion = await core.Linking.CompleteAsync(state, "code", null, null, CancellationToken.None);

        Assert.IsType<LinkCompletion.Failed>(completion);
        var (_, reply) = Assert.Single(core.Notifier.Sent);
        Assert.Equal("Linking failed: LinkedIn is not answering right now. Send /link to try again.", reply.Text);
        Assert.Null(await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task Callback_WhenLinkedInAnswersAnError_GivesItsReasonWithOneInstruction()
    {
        await using var core = await CoreHost.StartAsync();
        var state = await core.StartLinkAsync("ada");

        var completion = await core.Linking.CompleteAsync(state, null, "unauthorized_scope_error", "Scope \"w_member_social\" is not authorized for your application.", CancellationToken.None);

        var failed = Assert.IsType<LinkCompletion.Failed>(completion);
        Assert.Equal("LinkedIn stopped the sign-in (Scope \"w_member_social\" is not authorized for your application).", failed.Message);
        var (_, reply) = Assert.Single(core.Notifier.Sent);
        Assert.Equal("Linking failed: " + failed.Message + " Send /link to try again.", reply.Text);
        core.LinkedIn.Verify(c => c.ExchangeCodeAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Relinking_ReplacesTheOldToken()
    {
        await using var core = await CoreHost.StartAsync();
        await core.LinkAsync("ada", "token-old", "Ada Lovelace");
        await core.LinkAsync("ada", "token-new", "Ada Lovelace");

        var link = await core.Links.FindAsync(CoreHost.Address("ada"), CancellationToken.None);

        Assert.Equal("token-new", link!.AccessToken);
    }

    /// <summary>A chat that takes a notice only when it is cancelled.</summary>
    private sealed class StalledNotifier : IChatNotifier
    {
        private readonly TaskCompletionSource _called = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Platform => "test";

        public Task Called => _called.Task;

        public async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
        {
            _called.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
