using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.EndToEnd;

/// <summary>Console requests with files (<c>--image</c> twice, <c>--document</c>) through the real bot to the strict fake LinkedIn.</summary>
public sealed class RichPostEndToEndTests
{
    [Theory, OnSqlite, OnPostgreSQL]
    public async Task ConsoleDocument_ReachesLinkedInByteForByte_TitledByItsName_AndARedeliveryUploadsNothing(StorageProvider provider)
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn, provider: provider);
        await bot.LinkAsync("ada");
        using var files = new TempDirectory();
        var pdf = TestDocuments.Pdf(pages: 30, minLength: 1_500_000);
        await File.WriteAllBytesAsync(Path.Combine(files.Path, "Annual report.pdf"), pdf);
        var request = new ConsoleRequests("ada", files.Path).Parse("/post --document \"Annual report.pdf\" The year in review", out _)!
            with { Address = BotUnderTest.Address("ada") };

        var first = Assert.Single(await SendAsync(bot, request));
        var again = Assert.Single(await SendAsync(bot, request));

        Assert.StartsWith("Published on LinkedIn", first.Text, StringComparison.Ordinal);
        Assert.Equal(first.Text, again.Text);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("The year in review", post.RenderedText);
        Assert.Equal("Annual report", post.Document!.Title);
        Assert.Equal(pdf, linkedIn.Documents[post.Document.Urn]);
        Assert.Equal(1, linkedIn.DocumentPuts);
    }

    [Fact]
    public async Task ConsoleTwoImages_AreOneMultiImagePost_InTheOrderGiven()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var bot = await BotUnderTest.StartAsync(linkedIn);
        await bot.LinkAsync("ada");
        using var files = new TempDirectory();
        byte[] second = [.. TestImages.Png(), 2];
        byte[] first = [.. TestImages.Png(), 1];
        await File.WriteAllBytesAsync(Path.Combine(files.Path, "b.png"), second);
        await File.WriteAllBytesAsync(Path.Combine(files.Path, "a.png"), first);
        var request = new ConsoleRequests("ada", files.Path).Parse("/post --image b.png --image a.png B then A", out _)!
            with { Address = BotUnderTest.Address("ada") };

        Assert.StartsWith("Published on LinkedIn", Assert.Single(await SendAsync(bot, request)).Text, StringComparison.Ordinal);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Null(post.ImageUrn);
        Assert.Equal([second, first], post.MultiImage!.Select(image => linkedIn.Images[image.Id]));
    }

    private static async Task<IReadOnlyList<ChatReply>> SendAsync(BotUnderTest bot, ChatRequest request)
    {
        var replies = new List<ChatReply>();
        await bot.Bot.HandleAsync(request, (reply, _) =>
        {
            replies.Add(reply);
            return Task.CompletedTask;
        }, CancellationToken.None);
        return replies;
    }
}
