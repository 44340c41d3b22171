using LinkedInBot.Tests.Fakes;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Discord;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordSlashCommandTests
{
    private static readonly Uri AuthorizeUrl = new("https://www.linkedin.com/oauth/v2/authorization?response_type=code&client_id=abc&state=s3cr3t");
    private static readonly Uri PostUrl = new("https://www.linkedin.com/feed/update/urn:li:share:7/");

    [Fact]
    public async Task Link_InGuild_RepliesEphemerallyWithLinkButtonAndMapsTheMember()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => new ChatReply("Open LinkedIn to connect your account.", [new LinkButton("Connect LinkedIn", AuthorizeUrl)], ReplyVisibility.Secret);
        var interaction = DiscordPayloads.Slash("link");

        var json = await host.InteractAsync(interaction);

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Equal("Open LinkedIn to connect your account.", (string)json["data"]!["content"]!);
        var button = json["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal(2, (int)button["type"]!);
        Assert.Equal(5, (int)button["style"]!);
        Assert.Equal(AuthorizeUrl.AbsoluteUri, (string)button["url"]!);
        Assert.Null(button["custom_id"]);

        var request = Assert.Single(host.Bot.Requests);
        Assert.Equal(ChatCommand.Link, request.Command);
        Assert.Equal("discord", request.Address.Platform);
        Assert.Equal(DiscordPayloads.ChannelId, request.Address.ChatId);
        Assert.Equal(DiscordPayloads.UserId, request.Address.UserId);
        Assert.Equal((string)interaction["id"]!, request.MessageId);
        Assert.True(request.IsGroupChat);
        Assert.Equal("Ada", request.DisplayName);
        Assert.False(string.IsNullOrEmpty(request.Address.ReplyContext));

        // The interaction token is a secret: the stored job holds it encrypted (once, by the core), never in plain text.
        var token = System.Text.Encoding.UTF8.GetBytes((string)interaction["token"]!);
        Assert.Equal(-1, host.DatabaseBytes().AsSpan().IndexOf(token));
    }

    [Fact]
    public async Task Status_InDm_TakesTheUserFromUserAndIsNotAGroupChat()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => ChatReply.Info("Linked as Ada Lovelace.");

        var json = await host.InteractAsync(DiscordPayloads.Slash("status", inGuild: false));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Equal("Linked as Ada Lovelace.", (string)json["data"]!["content"]!);
        var request = Assert.Single(host.Bot.Requests);
        Assert.Equal(ChatCommand.Status, request.Command);
        Assert.Equal(DiscordPayloads.DmChannelId, request.Address.ChatId);
        Assert.Equal(DiscordPayloads.UserId, request.Address.UserId);
        Assert.False(request.IsGroupChat);
    }

    [Fact]
    public async Task Unlink_RepliesEphemerallyWithEscapedPlainText()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => ChatReply.Info("Unlinked *Ada_Lovelace* — @everyone can't see this.");

        var json = await host.InteractAsync(DiscordPayloads.Slash("unlink"));

        Assert.Equal(ChatCommand.Unlink, Assert.Single(host.Bot.Requests).Command);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Equal(@"Unlinked \*Ada\_Lovelace\* — @everyone can't see this.", (string)json["data"]!["content"]!);
        Assert.Empty(json["data"]!["allowed_mentions"]!["parse"]!.AsArray());
    }

    [Fact]
    public async Task Post_InGuild_DefersEphemerallyThenEditsAndSharesTheUrlPublicly()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => new ChatReply($"Published: {PostUrl}", [new LinkButton("Open on LinkedIn", PostUrl)], ReplyVisibility.Public);
        var interaction = DiscordPayloads.Post("Hello LinkedIn");

        var json = await host.InteractAsync(interaction);

        Assert.Equal(5, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var token = (string)interaction["token"]!;
        Assert.Equal($"/api/v10/webhooks/{DiscordPayloads.ApplicationId}/{token}/messages/@original", edit.Path);
        Assert.Contains(PostUrl.AbsoluteUri, edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(PostUrl.AbsoluteUri, edit.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("url").GetString());
        Assert.Null(edit.Header("Authorization"));

        var shared = await host.Discord.WaitForAsync(r => r.IsFollowup);
        Assert.Equal($"/api/v10/webhooks/{DiscordPayloads.ApplicationId}/{token}", shared.Path);
        Assert.False(shared.Json.TryGetProperty("flags", out _));
        Assert.True(shared.ReceivedAt >= edit.ReceivedAt);

        var request = Assert.Single(host.Bot.Requests);
        Assert.Equal(ChatCommand.Post, request.Command);
        Assert.Equal("Hello LinkedIn", request.Text);
        Assert.Equal((string)interaction["id"]!, request.MessageId);
        Assert.Null(request.Image);
    }

    [Fact]
    public async Task Post_WhenTheCoreRefuses_EditsTheEphemeralMessageOnlyAndPostsNothingPublic()
    {
        await using var host = await DiscordTestHost.StartAsync();
        host.Bot.Reply = _ => ChatReply.Error("Your LinkedIn link expired — use /linkedin link to reconnect.");

        var json = await host.InteractAsync(DiscordPayloads.Post("Hello"));

        Assert.Equal(5, (int)json["type"]!);
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Equal("Your LinkedIn link expired — use /linkedin link to reconnect.", edit.Json.GetProperty("content").GetString());
        await JobsEnded.WaitAsync(host.App.Services);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
    }

    [Fact]
    public async Task Post_WithImage_DownloadsItAndHandsTheBytesToTheCore()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4 };
        var url = host.Discord.AddAttachment("photo.png", "image/png", png);

        var json = await host.InteractAsync(DiscordPayloads.Post("With a picture", "900", DiscordPayloads.Attachment("900", url, size: png.Length)));

        Assert.Equal(5, (int)json["type"]!);
        var (request, image) = await host.Bot.NextAsync();
        Assert.Equal(png, image);
        Assert.Equal("photo.png", request.Image!.FileName);
        Assert.Equal(png.Length, request.Image.DeclaredLength);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task Post_WithNeitherTextNorImage_SaysSoAtOnceAndSkipsTheCore(string? text)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var options = text is null ? [] : new JsonArray(new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = text });

        var json = await host.InteractAsync(DiscordPayloads.Slash("post", options));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Contains("Nothing to publish: give /linkedin post a text, an image, or both.", (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(host.Bot.Requests);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain", 1000, "not an image")]
    [InlineData("huge.pdf", "application/pdf", 101L * 1024 * 1024, "at most 100 MB")]
    [InlineData("photo.webp", "image/webp", 1000, "not an image")]
    [InlineData("huge.png", "image/png", 25L * 1024 * 1024, "at most 20 MB")]
    public async Task Post_WithUnusableAttachment_ExplainsAtOnceAndPublishesNothing(string fileName, string contentType, long size, string expected)
    {
        await using var host = await DiscordTestHost.StartAsync();
        var url = host.Discord.AddAttachment(fileName, contentType, [1, 2, 3]);

        var json = await host.InteractAsync(DiscordPayloads.Post("text", "901", DiscordPayloads.Attachment("901", url, fileName, contentType, size)));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Contains(expected, (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Contains(fileName, (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(host.Bot.Requests);
    }

    [Fact]
    public async Task Post_WhenTheImageIsLargerThanTheInteractionAllows_UsesDiscordsLimit()
    {
        await using var host = await DiscordTestHost.StartAsync();
        var url = host.Discord.AddAttachment("photo.png", "image/png", [1]);
        var interaction = DiscordPayloads.Post("text", "902", DiscordPayloads.Attachment("902", url, size: 11L * 1024 * 1024));
        interaction["attachment_size_limit"] = 10L * 1024 * 1024;

        var json = await host.InteractAsync(interaction);

        Assert.Contains("at most 10 MB", (string)json["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Empty(host.Bot.Requests);
    }

    [Fact]
    public async Task Post_WhenTheDownloadIsBiggerThanDeclared_TellsTheUserAndPublishesNothing()
    {
        await using var linkedIn = await LinkedInSignedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn);
        await DiscordEndToEndTests.LinkAsync(host);
        var url = host.Discord.AddAttachment("photo.png", "image/png", new byte[2048]);
        var interaction = DiscordPayloads.Post("text", "903", DiscordPayloads.Attachment("903", url, size: 100));
        interaction["attachment_size_limit"] = 1024;

        var json = await host.InteractAsync(interaction);

        Assert.Equal(5, (int)json["type"]!);
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("larger than", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, linkedIn.CreateAttempts);
    }

    [Fact]
    public async Task Post_WhileTheCdnsCircuitIsOpen_SaysTheImageCouldNotBeDownloaded()
    {
        await using var linkedIn = await LinkedInSignedInAsync();
        await using var host = await DiscordTestHost.StartAsync(linkedIn: linkedIn, services: services =>
            services.Configure<HttpStandardResilienceOptions>(ImageAttachments.HttpClientName + "-standard", options =>
            {
                options.Retry.MaxRetryAttempts = 1;
                options.Retry.Delay = TimeSpan.FromMilliseconds(10);
                options.CircuitBreaker.MinimumThroughput = 2;
            }));

        await DiscordEndToEndTests.LinkAsync(host);

        // Nobody listens there: the first download fails twice (attempt and retry), which opens the circuit.
        var deadCdn = $"http://127.0.0.1:{FreePort.Next()}/attachments/1/photo.png";
        await host.InteractAsync(DiscordPayloads.Post("text", "904", DiscordPayloads.Attachment("904", deadCdn)));
        var unreachable = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        await host.InteractAsync(DiscordPayloads.Post("text", "905", DiscordPayloads.Attachment("905", deadCdn)));
        var open = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);

        const string expected = "The image could not be downloaded from the chat. Nothing was published; send it again.";
        Assert.Equal(expected, unreachable.Json.GetProperty("content").GetString());
        Assert.Equal(expected, open.Json.GetProperty("content").GetString());
        Assert.Contains(host.Logs.Lines, l => l.Contains("OnCircuitOpened", StringComparison.Ordinal));
        Assert.Equal(0, linkedIn.CreateAttempts);
    }

    [Fact]
    public async Task UnknownSubcommand_GetsAnEphemeralExplanation()
    {
        await using var host = await DiscordTestHost.StartAsync();

        var json = await host.InteractAsync(DiscordPayloads.Slash("dance"));

        Assert.Equal(4, (int)json["type"]!);
        Assert.Equal(64, (int)json["data"]!["flags"]!);
        Assert.Empty(host.Bot.Requests);
    }

    private static async Task<FakeLinkedInServer> LinkedInSignedInAsync()
    {
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        return linkedIn;
    }
}
