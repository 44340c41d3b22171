using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using static LinkedInBot.Tests.Telegram.TelegramBotHarness;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// Issue 14 §2 in a Telegram supergroup, through the real bot between a fake Telegram and a fake LinkedIn: a chat admin
/// turns approval on for a page, a member's post becomes a proposal, a stranger's press is refused, Reject, and two
/// simultaneous Approves giving one post.
/// </summary>
public sealed class TelegramApprovalTests
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(15);
    private static readonly FakeTelegramUser Bob = new(1003, "Bob", "bob");
    private static readonly FakeTelegramUser Carol = new(1004, "Carol", "carol");

    private sealed class Setup : IAsyncDisposable
    {
        public required FakeTelegramServer Telegram { get; init; }

        public required FakeLinkedInServer LinkedIn { get; init; }

        public required BotUnderTest Bot { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await LinkedIn.DisposeAsync();
            await Telegram.DisposeAsync();
        }
    }

    /// <summary>Ada, an admin of Team who may post as Acme Corp, links in her private chat and turns approval on.</summary>
    private static async Task<Setup> ApprovalOnAsync()
    {
        var telegram = await FakeTelegramServer.StartAsync();
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.GrantPage("ada-sub", "4242", "Acme Corp", "acme");
        var bot = await BotUnderTest.StartAsync(linkedIn, configure: s =>
        {
            s["Telegram:BotToken"] = telegram.Token;
            s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
            s["LinkedIn:EnablePages"] = "true";
        });
        var setup = new Setup { Telegram = telegram, LinkedIn = linkedIn, Bot = bot };
        await LinkAsync(telegram, Ada);

        // Grace is no admin of the chat: refused.
        var refused = telegram.UserSends(Team, Grace, "/approval on Acme");
        var no = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == refused.MessageId, Slow);
        Assert.Equal("Only an admin of this chat can turn team approval on or off.", no.VisibleText);

        telegram.MakeAdmin(Team, Ada);
        var on = telegram.UserSends(Team, Ada, "/approval on Acme");
        var yes = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == on.MessageId, Slow);
        Assert.StartsWith("Team approval is on", yes.VisibleText, StringComparison.Ordinal);
        Assert.Contains("proposed for Acme Corp", yes.VisibleText, StringComparison.Ordinal);
        return setup;
    }

    /// <summary>Links <paramref name="user"/> in their private chat with whoever the fake LinkedIn signs in next.</summary>
    private static async Task LinkAsync(FakeTelegramServer telegram, FakeTelegramUser user)
    {
        var chat = FakeTelegramChat.Private(user);
        var linked = telegram.CountCalls("sendMessage");
        telegram.UserSends(chat, user, "/start link");
        var prompt = await telegram.WaitForCallAsync("sendMessage", c => c.GetString("chat_id") == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.UrlButtons.Count > 0, Slow);
        using (var browser = new HttpClient())
        {
            using var page = await browser.GetAsync(new Uri(Assert.Single(prompt.UrlButtons).Url));
            telegram.UserSends(chat, user, "/link " + await LinkCodePage.CodeFromAsync(page));
        }

        await telegram.WaitForCallAsync("sendMessage", c => c.GetString("chat_id") == user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) && c.VisibleText?.Contains("Linked as", StringComparison.Ordinal) == true, Slow);
    }

    private static async Task<FakeTelegramMessage> ProposedAsync(Setup setup, string text)
    {
        var telegram = setup.Telegram;
        var post = telegram.UserSends(Team, Grace, "/post " + text);
        await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId && c.VisibleText?.StartsWith("Your post awaits approval", StringComparison.Ordinal) == true, Slow);
        return await telegram.WaitForBotMessageAsync(m => FakeTelegramServer.TextOf(m)?.Contains(text, StringComparison.Ordinal) == true && FakeTelegramServer.ButtonsOf(m).Count == 2);
    }

    [Fact]
    public async Task Proposal_StrangersPressIsRefused_TwoApprovesAtOnceGiveOnePost_AsThePage()
    {
        await using var setup = await ApprovalOnAsync();
        var telegram = setup.Telegram;

        var proposal = await ProposedAsync(setup, "Our team shipped v2");
        Assert.StartsWith("Grace proposes a post for Acme Corp", FakeTelegramServer.TextOf(proposal), StringComparison.Ordinal);
        var buttons = FakeTelegramServer.ButtonsOf(proposal);
        Assert.Equal(["Approve", "Reject"], buttons.Select(b => b.Text));
        Assert.Empty(setup.LinkedIn.Posts);

        // Bob has no link that may post as the page: his press is answered to him alone.
        telegram.UserPresses(Bob, proposal, buttons[0].Data);
        var answer = await telegram.WaitForCallAsync("answerCallbackQuery", c => c.GetString("text") is not null, Slow);
        Assert.Equal("Only someone whose LinkedIn account may post as Acme Corp can approve or reject this.", answer.GetString("text"));
        Assert.Equal(0, telegram.CountCalls("editMessageText"));

        // Carol, too, may post as the page. She and Ada press Approve at once.
        setup.LinkedIn.SignInAs("carol-sub", "Carol Shaw");
        setup.LinkedIn.GrantPage("carol-sub", "4242", "Acme Corp", "acme", role: "CONTENT_ADMINISTRATOR");
        await LinkAsync(telegram, Carol);
        telegram.UserPresses(Ada, proposal, buttons[0].Data);
        telegram.UserPresses(Carol, proposal, buttons[0].Data);

        var approved = await telegram.WaitForCallAsync("editMessageText", c => c.VisibleText?.StartsWith("Approved by ", StringComparison.Ordinal) == true, Slow);
        var approver = approved.VisibleText!.StartsWith("Approved by Ada", StringComparison.Ordinal) ? "Ada" : "Carol";
        Assert.Contains("published on LinkedIn as Acme Corp", approved.VisibleText, StringComparison.Ordinal);
        Assert.Empty(approved.CallbackButtons);
        var told = await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText?.StartsWith($"Grace, your post for Acme Corp was approved by {approver}", StringComparison.Ordinal) == true, Slow);
        var post = Assert.Single(setup.LinkedIn.Posts);
        Assert.Equal("urn:li:organization:4242", post.Author);
        Assert.Equal("Our team shipped v2", post.Commentary);
        Assert.Contains(post.Urn, told.VisibleText, StringComparison.Ordinal);

        // The second press (run after the first: one chat's requests run in order) is told it was decided already; still
        // one post, one create.
        await telegram.WaitForCallAsync("sendMessage", c => c.VisibleText == $"Already approved by {approver}.", Slow);
        Assert.Equal(1, telegram.CountCalls("editMessageText"));
        Assert.Equal(1, setup.LinkedIn.CreateAttempts);
    }

    [Fact]
    public async Task Proposal_Rejected_IsEditedToSayWhoRejectedIt_AndNothingIsPublished()
    {
        await using var setup = await ApprovalOnAsync();
        var telegram = setup.Telegram;
        var proposal = await ProposedAsync(setup, "Maybe not this one");

        telegram.UserPresses(Ada, proposal, FakeTelegramServer.ButtonsOf(proposal)[1].Data);

        var rejected = await telegram.WaitForCallAsync("editMessageText", timeout: Slow);
        Assert.StartsWith("Rejected by Ada: this post by Grace was not published on Acme Corp.", rejected.VisibleText, StringComparison.Ordinal);
        Assert.Empty(rejected.CallbackButtons);
        Assert.Empty(setup.LinkedIn.Posts);
    }

    [Fact]
    public async Task PostBySomeoneWhoMayApprove_IsPublishedDirectlyAsThePage()
    {
        await using var setup = await ApprovalOnAsync();
        var telegram = setup.Telegram;

        var post = telegram.UserSends(Team, Ada, "/post Straight from an admin");

        var reply = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId, Slow);
        Assert.StartsWith("Published on LinkedIn as Acme Corp:", reply.VisibleText, StringComparison.Ordinal);
        Assert.Equal("urn:li:organization:4242", Assert.Single(setup.LinkedIn.Posts).Author);
    }

    [Fact]
    public async Task DocumentFromAMember_IsNotProposed_AndTheMemberIsToldWhy()
    {
        await using var setup = await ApprovalOnAsync();
        var telegram = setup.Telegram;
        var pdf = "%PDF-1.4\n1 0 obj << /Type /Page >> endobj\n%%EOF"u8.ToArray();

        var post = telegram.UserSendsDocument(Team, Grace, pdf, "deck.pdf", "application/pdf", caption: "/post Our deck");

        var reply = await telegram.WaitForCallAsync("sendMessage", c => c.ReplyToMessageId == post.MessageId, Slow);
        Assert.StartsWith("Posts in this chat go to Acme Corp once approved, and a proposal keeps its text and one image only", reply.VisibleText, StringComparison.Ordinal);
        Assert.DoesNotContain(telegram.CallsTo("sendMessage"), c => c.CallbackButtons.Count > 0);
        Assert.Empty(setup.LinkedIn.Posts);
    }
}
