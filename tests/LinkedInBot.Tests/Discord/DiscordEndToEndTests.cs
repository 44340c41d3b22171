using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Discord;

/// <summary>Discord through the real core, storage and LinkedIn client, against fake Discord and fake LinkedIn.</summary>
public class DiscordEndToEndTests : IAsyncLifetime
{
    private string? postgres;
    private string? schema;

    protected virtual LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.Sqlite;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (schema is not null)
        {
            await PostgresServer.DropSchemaAsync(schema);
        }
    }

    /// <summary><see cref="DiscordTestHost.StartAsync"/> on this class's provider; on PostgreSQL every host of a test shares one schema.</summary>
    private async Task<DiscordTestHost> StartHostAsync(
        Action<Dictionary<string, string?>>? configure = null,
        DiscordSigner? signer = null,
        TimeProvider? time = null,
        Action<FakeDiscordServer>? configureDiscord = null,
        FakeLinkedInServer? linkedIn = null,
        Action<IServiceCollection>? services = null)
    {
        if (Provider == LinkedInBot.Core.StorageProvider.PostgreSQL && postgres is null)
        {
            (postgres, schema) = await PostgresServer.CreateSchemaAsync();
        }

        return await DiscordTestHost.StartAsync(
            settings =>
            {
                configure?.Invoke(settings);
                if (postgres is not null)
                {
                    settings["Storage:Provider"] = nameof(LinkedInBot.Core.StorageProvider.PostgreSQL);
                    settings["Storage:ConnectionString"] = postgres;
                }
            },
            signer,
            time,
            configureDiscord,
            linkedIn,
            services);
    }

    [StoreFact]
    public async Task Link_ThenPost_LinksViaTheCallbackAndPublishesWithTheUsersOwnAccount()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        var link = DiscordPayloads.Slash("link");

        var prompt = await host.InteractAsync(link);

        Assert.Equal(4, (int)prompt["type"]!);
        Assert.Equal(64, (int)prompt["data"]!["flags"]!);
        var button = prompt["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal(5, (int)button["style"]!);
        Assert.Contains("/linkedin link code:", (string)prompt["data"]!["content"]!, StringComparison.Ordinal);
        string code;
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync((string)button["url"]!);
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
            using var callback = await browser.GetAsync(consent.Headers.Location);
            var page = await callback.Content.ReadAsStringAsync();
            code = LinkCodePage.CodeFrom(page);
            Assert.Contains("/linkedin link code:" + code, page, StringComparison.Ordinal);
        }

        var linked = await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = code }]));
        Assert.Equal(64, (int)linked["data"]!["flags"]!);
        Assert.Contains("Linked as Ada Lovelace", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Contains("/linkedin post", (string)linked["data"]!["content"]!, StringComparison.Ordinal);

        var deferred = await host.InteractAsync(DiscordPayloads.Post("Hello from Discord"));

        Assert.Equal(5, (int)deferred["type"]!);
        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Hello from Discord", post.Commentary);
        Assert.Contains(post.Urn, edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Open on LinkedIn", edit.Json.GetProperty("components")[0].GetProperty("components")[0].GetProperty("label").GetString());
        var shared = await host.Discord.WaitForAsync(r => r.IsFollowup);
        Assert.False(shared.Json.TryGetProperty("flags", out _));
    }

    [StoreFact]
    public async Task Post_WhenNotLinked_NamesTheDiscordCommandToLink()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var host = await StartHostAsync(linkedIn: linkedIn);

        await host.InteractAsync(DiscordPayloads.Post("Hello"));

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Contains("/linkedin link", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Empty(linkedIn.Posts);
        await JobsEnded.WaitAsync(host.App.Services);
        Assert.DoesNotContain(host.Discord.Requests, r => r.IsFollowup);
    }

    [StoreFact]
    public async Task Link_WhenLinkedInRefusesTheSignIn_TellsTheUserToUseTheDiscordLinkCommand()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.ExpireNextCode();
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link"));

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
        using var callback = await browser.GetAsync(consent.Headers.Location);

        var told = await host.Discord.WaitForAsync(r => r.IsFollowup);
        Assert.Equal(
            "Linking failed: LinkedIn did not accept this sign-in because the link was already used or has expired. Send /linkedin link to try again.",
            told.Json.GetProperty("content").GetString());

        // The page in the browser says what happened and sends the user back to the chat, naming no command.
        Assert.Equal(HttpStatusCode.BadGateway, callback.StatusCode);
        var page = await callback.Content.ReadAsStringAsync();
        Assert.Contains("already used or has expired", page, StringComparison.Ordinal);
        Assert.Contains("ask the bot for a new link", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/link", page, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Share_WhoseFormIsSubmittedToAnotherReplica_PublishesTheImage()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        using var shared = new TempDirectory();
        var signer = DiscordSigner.Create();
        void SameStorage(Dictionary<string, string?> settings)
        {
            settings["Storage:ConnectionString"] = $"Data Source={shared.DatabaseFile}";
            settings["Storage:KeysDirectory"] = shared.KeysDirectory;
        }

        await using var opensTheForm = await StartHostAsync(SameStorage, signer, linkedIn: linkedIn);
        await using var takesTheSubmission = await StartHostAsync(SameStorage, signer, linkedIn: linkedIn);
        await LinkAsync(opensTheForm);
        var png = TestImages.Png();
        var url = opensTheForm.Discord.AddAttachment("chart.png", "image/png", png);

        var modal = await opensTheForm.InteractAsync(DiscordPayloads.ShareCommand("Quarterly results", [DiscordPayloads.Attachment("831", url, "chart.png", "image/png", png.Length)]));
        await takesTheSubmission.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "Quarterly results"));

        var edit = await takesTheSubmission.Discord.WaitForAsync(r => r.IsEditOriginal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Contains(post.Urn, edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(png, linkedIn.Images[post.ImageUrn!]);
    }

    [StoreFact]
    public async Task Share_OfAMessageWithTwoImages_PostsBothInOrder_WithEachDescriptionAsAltText()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        byte[] first = [.. TestImages.Png(), 1];
        byte[] second = [.. TestImages.Png(), 2];
        var a = DiscordPayloads.Attachment("841", host.Discord.AddAttachment("a.png", "image/png", first), "a.png", "image/png", first.Length);
        a["description"] = "A red dot";
        var b = DiscordPayloads.Attachment("842", host.Discord.AddAttachment("b.png", "image/png", second), "b.png", "image/png", second.Length);
        b["description"] = "Another red dot";

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("Two dots", [a, b]));
        Assert.Equal(AttachmentReplies.FilesGoWithText(["a.png", "b.png"]), (string)modal["data"]!["components"]![0]!["description"]!);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "Two dots"));

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Contains(post.Urn, edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(["A red dot", "Another red dot"], post.MultiImage!.Select(image => image.AltText));
        Assert.Equal([first, second], post.MultiImage!.Select(image => linkedIn.Images[image.Id]));
    }

    [StoreFact]
    public async Task Share_OfAMessageWithADocument_PostsItTitledByItsName_WithTheSameBytes()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var pdf = TestDocuments.Pdf(pages: 4, minLength: 200_000);
        var url = host.Discord.AddAttachment("Roadmap 2027.pdf", "application/pdf", pdf);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("Our roadmap", [DiscordPayloads.Attachment("843", url, "Roadmap 2027.pdf", "application/pdf", pdf.Length)]));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, "Our roadmap"));

        await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Roadmap 2027", post.Document!.Title);
        Assert.Equal(pdf, linkedIn.Documents[post.Document.Urn]);
    }

    [StoreFact]
    public async Task SlashPost_WithTwoImageOptions_OrADocument_PublishesThemWithTheSameBytes()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        byte[] first = [.. TestImages.Png(), 1];
        byte[] second = [.. TestImages.Png(), 2];
        var pdf = TestDocuments.Pdf(pages: 2);

        await host.InteractAsync(SlashPost("Two images", ("image", DiscordPayloads.Attachment("851", host.Discord.AddAttachment("a.png", "image/png", first), "a.png", "image/png", first.Length)), ("image2", DiscordPayloads.Attachment("852", host.Discord.AddAttachment("b.png", "image/png", second), "b.png", "image/png", second.Length))));
        await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        await host.InteractAsync(SlashPost("A deck", ("document", DiscordPayloads.Attachment("853", host.Discord.AddAttachment("deck.pptx.pdf", "application/pdf", pdf), "deck.pptx.pdf", "application/pdf", pdf.Length))));
        await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);

        Assert.Equal(2, linkedIn.Posts.Count);
        Assert.Equal([first, second], linkedIn.Posts[0].MultiImage!.Select(image => linkedIn.Images[image.Id]));
        Assert.Equal("deck.pptx", linkedIn.Posts[1].Document!.Title);
        Assert.Equal(pdf, linkedIn.Documents[linkedIn.Posts[1].Document!.Urn]);
    }

    [StoreFact]
    public async Task SlashPost_WithOneImageAndItsDescription_SendsTheDescriptionAsAltText()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var png = TestImages.Png();
        var image = DiscordPayloads.Attachment("861", host.Discord.AddAttachment("dot.png", "image/png", png), "dot.png", "image/png", png.Length);
        image["description"] = "A single red dot on white";

        await host.InteractAsync(SlashPost("One dot", ("image", image)));
        await host.Discord.WaitForAsync(r => r.IsEditOriginal);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("A single red dot on white", post.AltText);
        Assert.Equal(png, linkedIn.Images[post.ImageUrn!]);
    }

    private static JsonObject SlashPost(string text, params (string Option, JsonObject Attachment)[] files)
    {
        var options = new JsonArray(new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = text });
        var resolved = new JsonObject();
        foreach (var (option, attachment) in files)
        {
            var id = (string)attachment["id"]!;
            options.Add(new JsonObject { ["name"] = option, ["type"] = 11, ["value"] = id });
            resolved[id] = attachment;
        }

        return DiscordPayloads.Slash("post", options, resolved: new JsonObject { ["attachments"] = resolved });
    }

    [StoreFact]
    public async Task Share_WithImage_UploadsTheBytesOnceEvenWhenTheModalIsSubmittedTwice()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var png = TestImages.Png();
        var url = host.Discord.AddAttachment("chart.png", "image/png", png);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("Quarterly results", [DiscordPayloads.Attachment("830", url, "chart.png", "image/png", png.Length)]));
        var customId = (string)modal["data"]!["custom_id"]!;
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel(customId, "Quarterly results, edited"));
        var first = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLegacy(customId, "Quarterly results, edited"));
        var second = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Quarterly results, edited", post.Commentary);
        Assert.NotNull(post.ImageUrn);
        Assert.Equal(png, linkedIn.Images[post.ImageUrn!]);
        Assert.Contains(post.Urn, first.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Contains(post.Urn, second.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Post_WhileLinkedInsCircuitIsOpen_SaysNothingWasPublished_AndAnUnsettledCreateSaysItMayBeThere_AndTheRetryLaterPublishesOnce()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(
            s =>
            {
                s["LinkedIn:Resilience:MaxRetryAttempts"] = "1";
                s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:01";
                s["LinkedIn:Resilience:CircuitBreakerMinimumThroughput"] = "2";
                s["LinkedIn:Resilience:CircuitBreakerBreakDuration"] = "00:00:03";
            },
            linkedIn: linkedIn);
        await LinkAsync(host);

        // The create is executed and still answered 500. With the link's userinfo call that is one failure in two
        // calls: the circuit opens. The bot sends the create again once the attempt has surely ended (1.1 s), but the
        // open circuit refuses it: the first stays unsettled, and the user is told to check rather than to resend.
        linkedIn.EnqueueCreateExecutedThenFailed();
        await host.InteractAsync(DiscordPayloads.Post("Hello while LinkedIn struggles"));
        var unsettled = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var attemptsWhenOpen = linkedIn.CreateAttempts;

        // A post while the circuit is open surely did not reach LinkedIn.
        await host.InteractAsync(DiscordPayloads.Post("Another post while LinkedIn struggles"));
        var refused = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 2);

        Assert.Equal(OutcomeReplies.For(new PublishOutcome.Unconfirmed(""), CommandNames.Slash("discord")).Text, unsettled.Json.GetProperty("content").GetString());
        Assert.Equal(OutcomeReplies.For(new PublishOutcome.Unavailable(""), CommandNames.Slash("discord")).Text, refused.Json.GetProperty("content").GetString());
        Assert.Equal(1, attemptsWhenOpen);
        Assert.Equal(attemptsWhenOpen, linkedIn.CreateAttempts);
        Assert.Contains(host.Logs.Lines, l => l.Contains("calls are paused", StringComparison.Ordinal));

        // Sent again once the circuit closes: LinkedIn's duplicate check names the post the first create made.
        // A real wait: the break (3 s) is Polly's timer on the host's clock, which the lease and job runner share, and
        // a closed circuit sends no signal; waiting less would test the open circuit again.
        await Task.Delay(TimeSpan.FromSeconds(3.2));
        await host.InteractAsync(DiscordPayloads.Post("Hello while LinkedIn struggles"));
        var published = await host.Discord.WaitForAsync(r => r.IsEditOriginal, count: 3);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Contains(post.Urn, published.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Share_WhenLinkedInAnswers503_IsSettledByTheBot_WhichSendsTheCreateOnceMoreAndAnswersWithThePost()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(
            s =>
            {
                s["LinkedIn:Resilience:MaxRetryAttempts"] = "0";
                s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:01";
            },
            linkedIn: linkedIn);
        await LinkAsync(host);

        // LinkedIn answers 503 and made nothing: the create sent again makes the post, with no second share needed.
        linkedIn.EnqueueCreateAnswer(503, FakeLinkedInBodies.ServerError);
        var form = await host.InteractAsync(DiscordPayloads.ShareCommand("Worth a second try"));
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)form["data"]!["custom_id"]!, "Worth a second try"));
        var published = await host.Discord.WaitForAsync(r => r.IsEditOriginal);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal("Worth a second try", post.Commentary);
        Assert.Contains(post.Urn, published.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, linkedIn.CreateAttempts);
    }

    [StoreFact]
    public async Task Share_OfAMessageWithOnlyAnImage_PublishesTheImageWithoutText()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);
        var png = TestImages.Png();
        var url = host.Discord.AddAttachment("sunset.png", "image/png", png);

        var modal = await host.InteractAsync(DiscordPayloads.ShareCommand("", [DiscordPayloads.Attachment("831", url, "sunset.png", "image/png", png.Length)]));
        Assert.False((bool)modal["data"]!["components"]![0]!["component"]!["required"]!);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, ""));
        var published = await host.Discord.WaitForAsync(r => r.IsEditOriginal);

        var post = Assert.Single(linkedIn.Posts);
        Assert.Equal(string.Empty, post.Commentary);
        Assert.Equal(png, linkedIn.Images[post.ImageUrn!]);
        Assert.Contains(post.Urn, published.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Link_FinishedWithTheButtonAndItsForm_Links()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link"));
        var finish = prompt["data"]!["components"]![0]!["components"]![1]!;
        Assert.Equal("Finish linking", (string)finish["label"]!);
        Assert.Equal(1, (int)finish["style"]!);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
        using var callback = await browser.GetAsync(consent.Headers.Location);
        var code = await LinkCodePage.CodeFromAsync(callback);

        var modal = await host.InteractAsync(DiscordPayloads.ButtonPress((string)finish["custom_id"]!));
        Assert.Equal(9, (int)modal["type"]!);
        var input = modal["data"]!["components"]![0]!["component"]!;
        var linked = await host.InteractAsync(DiscordPayloads.ModalSubmitLabel((string)modal["data"]!["custom_id"]!, code, inputId: (string)input["custom_id"]!));

        Assert.Contains("Linked as Ada Lovelace", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task Forget_ShowsAForgetMeButton_ThatOnlyTheAskerCanPress_AndThatDeletesTheLink()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        await using var host = await StartHostAsync(linkedIn: linkedIn);
        await LinkAsync(host);

        var question = await host.InteractAsync(DiscordPayloads.Slash("forget"));
        Assert.Equal(64, (int)question["data"]!["flags"]!);
        Assert.Contains("your LinkedIn link (Ada Lovelace)", (string)question["data"]!["content"]!, StringComparison.Ordinal);
        Assert.Contains("/linkedin forget confirm:yes", (string)question["data"]!["content"]!, StringComparison.Ordinal);
        var button = question["data"]!["components"]![0]!["components"]![0]!;
        Assert.Equal("Forget me", (string)button["label"]!);
        Assert.Equal(4, (int)button["style"]!);

        var refused = await host.InteractAsync(DiscordPayloads.ButtonPress((string)button["custom_id"]!, userId: "999999999999999999"));
        Assert.Equal(64, (int)refused["data"]!["flags"]!);
        Assert.Equal(LinkedInBot.Core.Chat.RequestReplies.NotYourButton.Text, (string)refused["data"]!["content"]!);
        Assert.DoesNotContain(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");

        var done = await host.InteractAsync(DiscordPayloads.ButtonPress((string)button["custom_id"]!));
        var content = (string?)done["data"]?["content"] ?? (await host.Discord.WaitForAsync(r => r.IsEditOriginal)).Json.GetProperty("content").GetString();
        Assert.StartsWith("Done:", content, StringComparison.Ordinal);
        Assert.Single(linkedIn.Requests, r => r.Path == "/oauth/v2/revoke");
        var status = await host.InteractAsync(DiscordPayloads.Slash("status"));
        Assert.StartsWith("No LinkedIn account is linked", (string)status["data"]!["content"]!, StringComparison.Ordinal);
    }

    [StoreFact]
    public async Task LinkCloseToExpiry_GetsAReminderInTheUsersDirectMessages_WithAReconnectLinkButton()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.TokenExpiresInSeconds = (long)TimeSpan.FromDays(3).TotalSeconds;
        await using var host = await StartHostAsync(s => s["Discord:BotToken"] = "bot-token-for-dms", linkedIn: linkedIn);
        await LinkAsync(host);

        await host.App.Services.GetRequiredService<LinkedInBot.Core.Lifecycle.LinkReminderService>().CheckAsync(CancellationToken.None);

        var open = await host.Discord.WaitForAsync(r => r.Method == "POST" && r.Path.EndsWith("/users/@me/channels", StringComparison.Ordinal));
        Assert.Equal(DiscordPayloads.UserId, open.Json.GetProperty("recipient_id").GetString());
        Assert.Equal("Bot bot-token-for-dms", open.Header("Authorization"));
        var message = await host.Discord.WaitForAsync(r => r.Method == "POST" && r.Path.Contains("/channels/", StringComparison.Ordinal) && r.Path.EndsWith("/messages", StringComparison.Ordinal));
        Assert.StartsWith("Your LinkedIn link (Ada Lovelace) expires in 2 days", message.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        var button = message.Json.GetProperty("components")[0].GetProperty("components")[0];
        Assert.Equal("Reconnect LinkedIn", button.GetProperty("label").GetString());
        Assert.StartsWith(linkedIn.AuthBaseUrl, button.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(message.Json.TryGetProperty("flags", out _));
    }

    /// <summary>/linkedin link, consent at the fake LinkedIn, the callback page's code sent back as <c>/linkedin link code:</c>.</summary>
    internal static async Task LinkAsync(DiscordTestHost host)
    {
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link"));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
        using var callback = await browser.GetAsync(consent.Headers.Location);
        var code = await LinkCodePage.CodeFromAsync(callback);
        var linked = await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = code }]));
        Assert.Contains("Linked as", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
    }
}

/// <summary>The same end-to-end runs with the bot's database on PostgreSQL.</summary>
public sealed class DiscordEndToEndTestsOnPostgreSQL : DiscordEndToEndTests, IRunsOnPostgreSQL
{
    protected override LinkedInBot.Core.StorageProvider Provider => LinkedInBot.Core.StorageProvider.PostgreSQL;
}
