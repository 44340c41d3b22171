using LinkedInBot.Core;
using LinkedInBot.Core.LinkPreview;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>Link cards through the real host: a page server on loopback, the fake LinkedIn over HTTP.</summary>
public sealed class LinkCardEndToEndTests
{
    private static string Page(string imagePath) => $$"""
        <!doctype html><html><head><title>Fallback</title>
        <meta property="og:title" content="Our new release">
        <meta property="og:description" content="Everything that changed in 2.0">
        <meta property="og:image" content="{{imagePath}}">
        </head><body></body></html>
        """;

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task Post_WithALink_IsPublishedWithTheArticleCard_AndItsPictureByteForByte(StorageProvider provider)
    {
        await using var pages = await FakePageServer.StartAsync();
        var picture = TestImages.Png();
        pages.Html("/release", Page("/cover.png"));
        pages.Bytes("/cover.png", "image/png", picture);
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkPreview:AllowPrivateNetworks"] = "true", provider: provider);
        await bot.LinkAsync("ada");
        var text = $"Read about it: {pages.BaseUrl}/release.";

        var reply = Assert.Single(await bot.SendAsync("ada", "/post " + text));

        Assert.False(reply.IsError, reply.Text);
        Assert.DoesNotContain("card", reply.Text, StringComparison.OrdinalIgnoreCase);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal(text, post.RenderedText);
        Assert.Null(post.ImageUrn);
        var article = Assert.IsType<FakeArticle>(post.Article);
        Assert.Equal(pages.BaseUrl + "/release", article.Source);
        Assert.Equal("Our new release", article.Title);
        Assert.Equal("Everything that changed in 2.0", article.Description);
        Assert.Equal(picture, linkedIn.Images[article.Thumbnail!]);
    }

    [Fact]
    public async Task Draft_WithALink_ShowsTheTitleOfTheCardThePostWillGet_AndPublishesNothing()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkPreview:AllowPrivateNetworks"] = "true");
        await bot.LinkAsync("ada");

        var withCard = Assert.Single(await bot.SendAsync("ada", $"/draft Read about it: {pages.BaseUrl}/release"));
        var without = Assert.Single(await bot.SendAsync("ada", $"/draft --no-card Read about it: {pages.BaseUrl}/release"));

        Assert.Contains("With the link card \"Our new release\".", withCard.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("link card", without.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(LinkCardMaker.NoCardMarker, without.Text, StringComparison.Ordinal);
        Assert.Empty(linkedIn.Posts);
    }

    [Fact]
    public async Task Post_WithALink_ByDefault_GoesOutWithoutACard_AndTheReplySaysWhy()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn);
        await bot.LinkAsync("ada");

        var reply = Assert.Single(await bot.SendAsync("ada", $"/post See {pages.BaseUrl}/release"));

        Assert.False(reply.IsError, reply.Text);
        Assert.Contains("The link card is missing: the link points at a loopback address", reply.Text, StringComparison.Ordinal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Null(post.Article);
        Assert.Contains(post.Urn, reply.Text, StringComparison.Ordinal);
        Assert.Empty(pages.Requests);
    }

    [Fact]
    public async Task Post_OnTelegram_WithPrivateNetworksNotAllowed_GetsThePublicPagesCard_ButNotOneRedirectedToThisMachine()
    {
        // news.example has a public address (served from loopback by the fake network): its page is fetched with the
        // setting off; its /moved redirects to 127.0.0.1, which is refused before any connection.
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        pages.Bytes("/cover.png", "image/png", TestImages.Png());
        pages.Redirect("/moved", $"http://127.0.0.1:{pages.Port}/release");
        var network = new FakeLinkPreviewNetwork(pages.Port) { ["news.example"] = FakeLinkPreviewNetwork.PublicAddress };
        await using var chat = await Conversation.OnTelegramAsync(services: s => s.AddSingleton<ILinkPreviewNetwork>(network));
        await chat.LinkAsync();

        await chat.Send($"/post Read http://news.example:{pages.Port}/release");
        var withCard = await chat.ExpectReply(r => r.StartsWith("Published on LinkedIn"));
        await chat.Send($"/post Read http://news.example:{pages.Port}/moved");
        var without = await chat.ExpectReply(r => r.StartsWith("Published on LinkedIn"));

        Assert.DoesNotContain("card", withCard.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Our new release", Assert.IsType<FakeArticle>(chat.LinkedIn.Posts[0].Article).Title);
        Assert.Contains("The link card is missing: the link points at a loopback address", without.Text, StringComparison.Ordinal);
        Assert.Null(chat.LinkedIn.Posts[1].Article);
        Assert.Equal(["/release", "/cover.png", "/moved"], pages.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Post_StartingWithNoCard_GoesOutWithoutTheMarkerOrACard()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkPreview:AllowPrivateNetworks"] = "true");
        await bot.LinkAsync("ada");

        var reply = Assert.Single(await bot.SendAsync("ada", $"/post --no-card See {pages.BaseUrl}/release"));

        Assert.False(reply.IsError, reply.Text);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal($"See {pages.BaseUrl}/release", post.RenderedText);
        Assert.Null(post.Article);
        Assert.Empty(pages.Requests);
    }

    [Fact]
    public async Task Post_WhosePictureIsNotAnImage_GetsTheCardWithoutAPicture_AndTheReplySaysSo()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        pages.Html("/cover.png", "<html>not a picture</html>");
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkPreview:AllowPrivateNetworks"] = "true");
        await bot.LinkAsync("ada");

        var reply = Assert.Single(await bot.SendAsync("ada", $"/post See {pages.BaseUrl}/release"));

        var article = Assert.IsType<FakeArticle>(Assert.Single(linkedIn.Posts).Article);
        Assert.Null(article.Thumbnail);
        Assert.Contains("The link card has no picture: That file is not a JPEG, PNG or GIF image.", reply.Text, StringComparison.Ordinal);
        Assert.Empty(linkedIn.Images);
    }

    [Fact]
    public async Task Post_WithALinkAndAnImage_KeepsTheImage_WithoutACard()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, configure: s => s["LinkPreview:AllowPrivateNetworks"] = "true");
        await bot.LinkAsync("ada");
        var request = new LinkedInBot.Core.Chat.ChatRequest(
            BotUnderTest.Address("ada"), "ada", "photo-1", LinkedInBot.Core.Chat.ChatCommand.Post, $"See {pages.BaseUrl}/release", TestImages.AsChatImage(TestImages.Png()), false);
        var replies = new List<LinkedInBot.Core.Chat.ChatReply>();
        await bot.Bot.HandleAsync(request, (reply, _) => { replies.Add(reply); return Task.CompletedTask; }, CancellationToken.None);

        Assert.False(Assert.Single(replies).IsError);
        var post = Assert.Single(linkedIn.Posts);
        Assert.NotNull(post.ImageUrn);
        Assert.Null(post.Article);
        Assert.Empty(pages.Requests);
    }

    [Fact]
    public async Task Post_CutOffAfterItsCardWasMade_IsResumedWithTheSameCard_WithoutFetchingOrUploadingAgain()
    {
        await using var pages = await FakePageServer.StartAsync();
        pages.Html("/release", Page("/cover.png"));
        pages.Bytes("/cover.png", "image/png", TestImages.Png());
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        using var folder = new TempDirectory();
        var address = BotUnderTest.Address("ada");
        var text = $"Out now: {pages.BaseUrl}/release";
        await using (var firstRun = await BotUnderTest.StartAsync(linkedIn, folder, s => s["LinkPreview:AllowPrivateNetworks"] = "true"))
        {
            await firstRun.LinkAsync("ada");

            // The crash came after the card and its picture were recorded, before the create.
            var services = firstRun.App.Services;
            var link = (await services.GetRequiredService<IAccountLinkStore>().FindAsync(address, CancellationToken.None))!;
            var (entry, _) = await services.GetRequiredService<IPostLedger>().BeginAsync(address, "crashed-1", text, null, DateTimeOffset.UtcNow.AddSeconds(-30), CancellationToken.None);
            Assert.NotNull(await services.GetRequiredService<LinkCardMaker>().PrepareAsync(entry, link.AccessToken, link.MemberUrn, CancellationToken.None));
        }

        var fetchedBefore = pages.Requests.Count;
        await using var secondRun = await BotUnderTest.StartAsync(linkedIn, folder, s =>
        {
            s["LinkPreview:AllowPrivateNetworks"] = "true";
            s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:00.500";
            s["LinkedIn:Resilience:TotalTimeout"] = "00:00:01";
        });

        var replies = await secondRun.Notifier.WaitForAsync(2);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Contains(post.Urn, replies[1].Reply.Text, StringComparison.Ordinal);
        var article = Assert.IsType<FakeArticle>(post.Article);
        Assert.Equal("Our new release", article.Title);
        Assert.Equal(article.Thumbnail, Assert.Single(linkedIn.Images).Key);
        Assert.Equal(fetchedBefore, pages.Requests.Count);
    }
}
