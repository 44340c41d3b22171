using System.Text.Json.Nodes;
using System.Web;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Pages;

/// <summary>Issue 14 §1 through the real core against the fake LinkedIn: pages read at link time, /pages, /as, posting as a page.</summary>
public sealed class CompanyPagesTests
{
    private const string Member = "fake-member-1";
    private const string AcmeId = "4242";
    private const string AcmeUrn = "urn:li:organization:" + AcmeId;

    private static Task<BotUnderTest> StartAsync(FakeLinkedInServer linkedIn, bool pages = true, StorageProvider provider = StorageProvider.Sqlite) =>
        BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkedIn:EnablePages"] = pages ? "true" : "false", provider: provider);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AuthorizeUrl_AsksForThePageScopes_OnlyWithEnablePages(bool enabled)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(linkedIn, enabled);

        var prompt = Assert.Single(await bot.SendAsync("ada", "/link"));

        var scopes = HttpUtility.ParseQueryString(prompt.Buttons[0].Url.Query)["scope"]!.Split(' ');
        Assert.Contains("w_member_social", scopes);
        Assert.Equal(enabled, scopes.Contains("w_organization_social"));
        Assert.Equal(enabled, scopes.Contains("r_organization_admin"));
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Link_ReadsThePages_PagesListsThem_AndAsChoosesOne_ForThisChatOnly(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp", "acme");
        linkedIn.GrantPage(Member, "777", "Blue Widgets", "bluewidgets", role: "DIRECT_SPONSORED_CONTENT_POSTER");
        linkedIn.GrantPage(Member, "888", "Analytics Only", role: "ANALYST");
        await using var bot = await StartAsync(linkedIn, provider: provider);

        var linked = await bot.LinkAsync("ada");
        Assert.Contains("You may also post as: Acme Corp, Blue Widgets.", linked.Text, StringComparison.Ordinal);

        var list = Assert.Single(await bot.SendAsync("ada", "/pages"));
        Assert.Contains("1. Acme Corp (acme)\n2. Blue Widgets (bluewidgets)", list.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Analytics Only", list.Text, StringComparison.Ordinal);
        Assert.Contains("In this chat you post as yourself.", list.Text, StringComparison.Ordinal);

        Assert.Contains("you now post as Blue Widgets", Assert.Single(await bot.SendAsync("ada", "/as 2")).Text, StringComparison.Ordinal);
        Assert.Contains("you now post as Acme Corp", Assert.Single(await bot.SendAsync("ada", "/as acme")).Text, StringComparison.Ordinal);
        Assert.Contains("None of your pages is called \"Nope\"", Assert.Single(await bot.SendAsync("ada", "/as Nope")).Text, StringComparison.Ordinal);
        Assert.Contains("post as the page Acme Corp", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);

        // Another chat of the same user still posts as the member.
        Assert.Contains("post as yourself (Ada Lovelace)", Assert.Single(await bot.SendAsync("ada", "/status", chat: "team")).Text, StringComparison.Ordinal);

        Assert.Contains("you now post as yourself", Assert.Single(await bot.SendAsync("ada", "/as me")).Text, StringComparison.Ordinal);
        Assert.Contains("post as yourself (Ada Lovelace)", Assert.Single(await bot.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task PostAsPage_HasThePageAsAuthor_AndAsOwnerOfItsImage_AndTheReplyNamesIt(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp", "acme");
        await using var bot = await StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");
        await bot.SendAsync("ada", "/as Acme Corp");

        var replies = new List<ChatReply>();
        var request = new ChatRequest(BotUnderTest.Address("ada"), "ada", "photo-1", ChatCommand.Post, "Our new office", TestImages.AsChatImage(TestImages.Png()));
        await bot.Bot.HandleAsync(request, (reply, _) => { replies.Add(reply); return Task.CompletedTask; }, CancellationToken.None);

        var published = Assert.Single(replies);
        Assert.StartsWith("Published on LinkedIn as Acme Corp: ", published.Text, StringComparison.Ordinal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal(AcmeUrn, post.Author);
        Assert.NotNull(post.ImageUrn);
        var upload = Assert.Single(linkedIn.Requests, r => r.Path == "/rest/images");
        Assert.Equal(AcmeUrn, JsonNode.Parse(upload.Body)!["initializeUploadRequest"]!["owner"]!.GetValue<string>());

        // Back to the member: the next post is theirs.
        await bot.SendAsync("ada", "/as me");
        Assert.StartsWith("Published on LinkedIn: ", Assert.Single(await bot.SendAsync("ada", "/post Personal note")).Text, StringComparison.Ordinal);
        Assert.Equal("urn:li:person:" + Member, linkedIn.Posts[1].Author);
    }

    [Fact]
    public async Task PostAsPage_AfterTheRoleWasRemoved_SaysSoNamingThePage_AndReadsThePagesAgain()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp", "acme");
        await using var bot = await StartAsync(linkedIn);
        await bot.LinkAsync("ada");
        await bot.SendAsync("ada", "/as acme");
        linkedIn.RemoveRole(Member, AcmeId);
        var aclReads = linkedIn.Requests.Count(r => r.Path == "/rest/organizationAcls");

        var refused = Assert.Single(await bot.SendAsync("ada", "/post Hello from Acme"));

        Assert.True(refused.IsError);
        Assert.StartsWith("LinkedIn refused to publish as Acme Corp: your account may no longer post for that page", refused.Text, StringComparison.Ordinal);
        Assert.Empty(linkedIn.Posts);
        Assert.Equal(aclReads + 1, linkedIn.Requests.Count(r => r.Path == "/rest/organizationAcls"));

        // The pages were read again: the next post is refused before LinkedIn is asked.
        var creates = linkedIn.CreateAttempts;
        var next = Assert.Single(await bot.SendAsync("ada", "/post Hello again"));
        Assert.Contains("may no longer post for it", next.Text, StringComparison.Ordinal);
        Assert.Equal(creates, linkedIn.CreateAttempts);
    }

    [Fact]
    public async Task PagesCommands_WithoutEnablePages_SayTheFeatureIsOff()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp");
        await using var bot = await StartAsync(linkedIn, pages: false);
        await bot.LinkAsync("ada");

        Assert.Contains("not turned on", Assert.Single(await bot.SendAsync("ada", "/pages")).Text, StringComparison.Ordinal);
        Assert.Contains("not turned on", Assert.Single(await bot.SendAsync("ada", "/as acme")).Text, StringComparison.Ordinal);
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/rest/organizationAcls");
        Assert.DoesNotContain("/pages", Assert.Single(await bot.SendAsync("ada", "/help")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_WithEnablePages_NamesThePageAndApprovalCommands()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await StartAsync(linkedIn);

        var help = Assert.Single(await bot.SendAsync("ada", "/help")).Text;

        Assert.Contains("/pages — the company pages you may post as; /as <page> posts as one in this chat, /as me as yourself", help, StringComparison.Ordinal);
        Assert.Contains("/approval on <page> — in a group", help, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forget_ErasesThePageChoices()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp", "acme");
        await using var bot = await StartAsync(linkedIn);
        await bot.LinkAsync("ada");
        await bot.SendAsync("ada", "/as acme");
        var store = bot.App.Services.GetRequiredService<LinkedInBot.Core.Pages.IPageStore>();
        Assert.Equal(AcmeId, await store.GetChoiceAsync(BotUnderTest.Address("ada"), CancellationToken.None));

        await bot.SendAsync("ada", "/forget yes");

        Assert.Null(await store.GetChoiceAsync(BotUnderTest.Address("ada"), CancellationToken.None));
    }

    [Fact]
    public async Task Draft_AsPage_SaysSo_AndItsPublishButtonPostsAsThePage()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.GrantPage(Member, AcmeId, "Acme Corp", "acme");
        await using var bot = await StartAsync(linkedIn);
        await bot.LinkAsync("ada");
        await bot.SendAsync("ada", "/as acme");

        var draft = Assert.Single(await bot.SendAsync("ada", "/draft Coming soon from Acme"));
        Assert.Contains("It goes out as Acme Corp", draft.Text, StringComparison.Ordinal);
        var publish = Assert.Single(draft.Actions, a => a.Label == "Publish");

        var pressed = await bot.SendPressAsync("ada", publish.Data);

        Assert.Contains(pressed, r => r.Text.StartsWith("Published on LinkedIn as Acme Corp:", StringComparison.Ordinal));
        Assert.Equal(AcmeUrn, Assert.Single(linkedIn.Posts).Author);
    }
}
