using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordShareTests
{
    private static readonly Uri PostUrl = new("https://www.linkedin.com/feed/update/urn:li:share:42/");

    [Theory]
    [InlineData("label")]
    [InlineData("legacy")]
    public async Task Share_ModalRoundTrip_PublishesTheEditedTextWithTheMessagesImage(string layout)
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => new ChatReply($"Published: {PostUrl}", [new LinkButton("Open on LinkedIn", PostUrl)], ReplyVisibility.Public);
        var gif = "GIF89a-bytes"u8.ToArray();
        var url = host.Discord.AddAttachment("cat.gif", "image/gif", gif);
        var attachments = new JsonArray(
            DiscordPayloads.Attachment("801", host.Discord.AddAttachment("notes.txt", "text/plain", [1]), "notes.txt", "text/plain"),
            DiscordPayloads.Attachment("802", url, "cat.gif", "image/gif", gif.Length));

        var command = DiscordPayloads.ShareCommand("Look at this cat", attachments);
        var modal = await host.InteractAsync(command);

        Assert.Equal(9, (int)modal["type"]!);
        var customId = (string)modal["data"]!["custom_id"]!;
        Assert.StartsWith($"share2:{(string)command["id"]!}:", customId, StringComparison.Ordinal);
        Assert.True(customId.Length <= 100);
        Assert.Equal("Share to LinkedIn", (string)modal["data"]!["title"]!);
        var label = modal["data"]!["components"]![0]!;
        Assert.Equal(18, (int)label["type"]!);
        var input = label["component"]!;
        Assert.Equal(4, (int)input["type"]!);
        Assert.Equal("text", (string)input["custom_id"]!);
        Assert.Equal(2, (int)input["style"]!);
        Assert.Equal(4000, (int)input["max_length"]!);
        Assert.Equal("Look at this cat", (string)input["value"]!);
        Assert.False((bool)input["required"]!);

        var submit = layout == "label"
            ? DiscordPayloads.ModalSubmitLabel(customId, "Look at this cat, edited")
            : DiscordPayloads.ModalSubmitLegacy(customId, "Look at this cat, edited");
        var deferred = await host.InteractAsync(submit);

        Assert.Equal(5, (int)deferred["type"]!);
        Assert.Equal(64, (int)deferred["data"]!["flags"]!);
        var (request, image) = await host.Bot.NextAsync();
        Assert.Equal(ChatCommand.Post, request.Command);
        Assert.Equal("Look at this cat, edited", request.Text);
        Assert.Equal($"{(string)command["id"]!}:{DiscordPayloads.UserId}", request.MessageId);
        Assert.Equal(DiscordPayloads.UserId, request.Address.UserId);
        Assert.True(request.IsGroupChat);
        Assert.Equal(gif, image);
        Assert.Equal("cat.gif", request.Image!.FileName);

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains(PostUrl.AbsoluteUri, edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        var shared = await host.Discord.WaitForAsync(r => r.IsFollowup);
        Assert.Equal(PostUrl.AbsoluteUri, shared.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("url").GetString());
        Assert.Single(host.Discord.Requests, r => r.IsCdnDownload);
    }

    [Fact]
    public async Task Share_TwoUsersOnOneMessage_AreTwoDifferentPosts()
    {
        await using var host = await DiscordTestHost.StartAsync();

        var first = await host.InteractAsync(DiscordPayloads.ShareCommand("Shared twice", userId: DiscordPayloads.UserId));
        var second = await host.InteractAsync(DiscordPayloads.ShareCommand("Shared twice", userId: DiscordPayloads.OtherUserId));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)first["data"]!["custom_id"]!, "Shared twice", DiscordPayloads.UserId));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)second["data"]!["custom_id"]!, "Shared twice", DiscordPayloads.OtherUserId));
        var one = (await host.Bot.NextAsync()).Request;
        var two = (await host.Bot.NextAsync()).Request;

        Assert.NotEqual(one.MessageId, two.MessageId);
        Assert.NotEqual(one.Address.UserId, two.Address.UserId);
    }

    [Fact]
    public async Task Share_SameModalSubmittedTwice_KeepsTheSameMessageIdSoTheCoreCanDeduplicate()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var command = DiscordPayloads.ShareCommand("Once only");
        var modal = await host.InteractAsync(command);
        var customId = (string)modal["data"]!["custom_id"]!;

        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel(customId, "Once only"));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLegacy(customId, "Once only"));
        var one = (await host.Bot.NextAsync()).Request;
        var two = (await host.Bot.NextAsync()).Request;

        Assert.Equal(one.MessageId, two.MessageId);
        Assert.Equal($"{(string)command["id"]!}:{DiscordPayloads.UserId}", one.MessageId);
    }

    [Fact]
    public async Task Share_SameMessageSharedAgainBySameUser_IsANewAttemptWithItsOwnMessageId()
    {
        await using var host = await DiscordTestHost.StartAsync();

        var first = await host.InteractAsync(DiscordPayloads.ShareCommand("Try me twice"));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)first["data"]!["custom_id"]!, "Try me twice"));
        var again = await host.InteractAsync(DiscordPayloads.ShareCommand("Try me twice"));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)again["data"]!["custom_id"]!, "Try me twice"));
        var one = (await host.Bot.NextAsync()).Request;
        var two = (await host.Bot.NextAsync()).Request;

        Assert.NotEqual(one.MessageId, two.MessageId);
    }

    [Theory]
    [InlineData("share:" + DiscordPayloads.MessageId)]
    [InlineData("share:" + DiscordPayloads.MessageId + ":AAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("share2:")]
    [InlineData("share2:not-a-snowflake")]
    [InlineData("share2:" + DiscordPayloads.MessageId + ":")]
    public async Task Share_FormOfAnEarlierVersionOrMalformed_AsksToShareAgainAndPublishesNothing(string customId)
    {
        await using var host = await DiscordTestHost.StartAsync();

        var json = await host.InteractAsync(DiscordPayloads.ModalSubmitLabel(customId, "text"));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Contains("not known to this version of the bot. Use Share to LinkedIn again.", (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(host.Bot.Requests);
    }

    [Fact]
    public async Task Share_TextOnlyMessage_PrefillsAndPostsWithoutImage()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var longText = new string('a', 4100);

        var command = DiscordPayloads.ShareCommand(longText);
        var modal = await host.InteractAsync(command);

        var customId = (string)modal["data"]!["custom_id"]!;
        Assert.Equal($"share2:{(string)command["id"]!}", customId);
        Assert.Equal(4000, ((string)modal["data"]!["components"]![0]!["component"]!["value"]!).Length);
        Assert.True((bool)modal["data"]!["components"]![0]!["component"]!["required"]!);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel(customId, "short"));
        var (request, image) = await host.Bot.NextAsync();
        Assert.Null(request.Image);
        Assert.Null(image);
    }

    [Fact]
    public async Task Share_ImageOnlyMessage_OpensAFormWhoseTextIsOptional_AndHandsTheImageWithoutText()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        var url = host.Discord.AddAttachment("only.png", "image/png", png);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("", [DiscordPayloads.Attachment("817", url, "only.png", "image/png", png.Length)]));

        Assert.Equal(9, (int)modal["type"]!);
        var input = modal["data"]!["components"]![0]!["component"]!;
        Assert.False((bool)input["required"]!);
        Assert.Null(input["value"]);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, ""));
        var (request, image) = await host.Bot.NextAsync();
        Assert.Equal(string.Empty, request.Text);
        Assert.Equal(png, image);
    }

    [Theory]
    [InlineData("huge.png", "image/png", 21L * 1024 * 1024, "Only the text is shared: \"huge.png\" is 21 MB, over the 20 MB limit.")]
    [InlineData("anim.webp", "image/webp", 1000, "Only the text is shared: \"anim.webp\" is not a JPG, PNG or GIF.")]
    public async Task Share_TextWithAnUnusableImage_SharesTheTextAndSaysWhyTheImageStaysBehind(string fileName, string contentType, long size, string expectedNote)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var url = host.Discord.AddAttachment(fileName, contentType, [1, 2, 3]);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("worth sharing", [DiscordPayloads.Attachment("810", url, fileName, contentType, size)]));

        Assert.Equal(9, (int)modal["type"]!);
        var label = modal["data"]!["components"]![0]!;
        Assert.Equal(expectedNote, (string)label["description"]!);
        Assert.True((bool)label["component"]!["required"]!);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "worth sharing"));
        var (request, image) = await host.Bot.NextAsync();
        Assert.Equal("worth sharing", request.Text);
        Assert.Null(request.Image);
        Assert.Null(image);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsCdnDownload);
    }

    [Fact]
    public async Task Share_UnusableImageWithALongName_KeepsTheReasonWithinTheDescriptionLimit()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var fileName = new string('n', 120) + ".webp";
        var url = host.Discord.AddAttachment(fileName, "image/webp", [1]);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("818", url, fileName, "image/webp", 1)]));

        var note = (string)modal["data"]!["components"]![0]!["description"]!;
        Assert.True(note.Length <= 100, note);
        Assert.EndsWith("is not a JPG, PNG or GIF.", note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("huge.png", "image/png", 21L * 1024 * 1024, "Nothing to share: the message has no text, and \"huge.png\" is 21 MB, over the 20 MB limit.")]
    [InlineData("anim.webp", "image/webp", 1000, "Nothing to share: the message has no text, and \"anim.webp\" is not a JPG, PNG or GIF.")]
    public async Task Share_MessageWithOnlyAnUnusableImageAndNoText_ExplainsInsteadOfShowingTheModal(string fileName, string contentType, long size, string expected)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var url = host.Discord.AddAttachment(fileName, contentType, [1, 2, 3]);

        var json = await host.InteractAsync(DiscordPayloads.ShareCommand(" ", [DiscordPayloads.Attachment("810", url, fileName, contentType, size)]));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Contains(expected, (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.DoesNotContain("Attach", (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsCdnDownload);
    }

    [Fact]
    public async Task Share_MessageWithAnUnusableAndAUsableImage_TakesTheUsableOne()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47 };
        var attachments = new JsonArray(
            DiscordPayloads.Attachment("813", host.Discord.AddAttachment("a.webp", "image/webp", [1]), "a.webp", "image/webp", 1),
            DiscordPayloads.Attachment("814", host.Discord.AddAttachment("b.png", "image/png", png), "b.png", "image/png", png.Length));

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("two pictures", attachments));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "two pictures"));

        var (request, image) = await host.Bot.NextAsync();
        Assert.Equal("b.png", request.Image!.FileName);
        Assert.Equal(png, image);
    }

    [Fact]
    public async Task Share_WithUnknownImageKey_ExplainsAndPublishesNothing()
    {
        await using var host = await DiscordTestHost.StartAsync();

        var json = await host.InteractAsync(DiscordPayloads.ModalSubmitLabel($"share2:{DiscordPayloads.NewId()}:gone-after-restart", "text"));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Contains("no longer at hand", (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(host.Bot.Requests);
    }

    [Fact]
    public async Task Share_ModalSubmittedByAnotherUser_CannotUseTheCachedImage()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var url = host.Discord.AddAttachment("cat.png", "image/png", [1, 2]);
        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("811", url, "cat.png", "image/png", 2)]));

        var json = await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "text", DiscordPayloads.OtherUserId));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Empty(host.Bot.Requests);
    }

    [Fact]
    public async Task Share_WhenTheImageDownloadFails_TellsTheUserAndPublishesNothing()
    {
        await using var linkedIn = await LinkedInSignedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        await DiscordEndToEndTests.LinkAsync(host);
        var missing = new Uri(host.Discord.BaseUrl, "cdn/attachments/nope/cat.png").ToString();
        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("812", missing, "cat.png", "image/png", 2)]));

        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "text"));

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("could not be downloaded", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, linkedIn.CreateAttempts);
    }

    [Fact]
    public async Task Share_WhenTheCdnSendsMoreThanDiscordDeclared_RefusesTheImageOnSubmit()
    {
        // The cache budgets memory by the declared sizes, so a download may not bring more.
        await using var linkedIn = await LinkedInSignedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        await DiscordEndToEndTests.LinkAsync(host);
        var url = host.Discord.AddAttachment("cat.png", "image/png", new byte[4096]);
        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("815", url, "cat.png", "image/png", 100)]));

        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "text"));

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("larger than", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, linkedIn.CreateAttempts);
    }

    [Fact]
    public async Task Share_WhoseDownloadIsStillRunningWhenTheFormExpires_IsToldToShareAgain()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var linkedIn = await LinkedInSignedInAsync();
        await using var host = await DiscordTestHost.StartAsync(
            configureDiscord: discord => discord.StallCdnBodies(),
            linkedIn: linkedIn,
            services: s => s.AddSingleton(new LinkedInBot.Discord.SharedImageCache(time)));
        await DiscordEndToEndTests.LinkAsync(host);
        var url = host.Discord.AddAttachment("cat.png", "image/png", new byte[4096]);
        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("text", [DiscordPayloads.Attachment("816", url, "cat.png", "image/png", 4096)]));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "text"));
        await Eventually.TrueAsync(
            () => Task.FromResult(host.Logs.Lines.Any(l => l.Contains("Taking the image of a share form", StringComparison.Ordinal))),
            "the post waits for the form's download");

        time.Advance(LinkedInBot.Discord.SharedImageCache.Lifetime);

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("no longer at hand", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, linkedIn.CreateAttempts);
    }

    private static async Task<FakeLinkedInServer> LinkedInSignedInAsync()
    {
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        return linkedIn;
    }
}
