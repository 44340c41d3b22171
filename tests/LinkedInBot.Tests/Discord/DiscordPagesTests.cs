using System.Net;
using System.Text.Json.Nodes;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Discord;

/// <summary>Issue 14 §1 on Discord: <c>/linkedin pages</c>, <c>/linkedin as</c> with autocomplete of the user's pages, a post as the page.</summary>
public sealed class DiscordPagesTests
{
    /// <summary>Links the default Discord user through the fake LinkedIn, as a person does.</summary>
    internal static async Task LinkAsync(DiscordTestHost host, string userId = DiscordPayloads.UserId)
    {
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link", userId: userId));
        string code;
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync((string)prompt["data"]!["components"]![0]!["components"]![0]!["url"]!);
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
            using var callback = await browser.GetAsync(consent.Headers.Location);
            code = LinkCodePage.CodeFrom(await callback.Content.ReadAsStringAsync());
        }

        var linked = await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = code }], userId: userId));
        if (linked["data"]?["content"] is null)
        {
            // Deferred: the answer comes as an edit of the deferral.
            await host.Discord.WaitForAsync(r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.Contains("Linked as", StringComparison.Ordinal));
        }
        else
        {
            Assert.Contains("Linked as", (string)linked["data"]!["content"]!, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AsAutocomplete_OffersTheUsersPages_AndAsThenPostPublishesAsThePage()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.GrantPage("ada-sub", "4242", "Acme Corp", "acme");
        linkedIn.GrantPage("ada-sub", "777", "Blue Widgets");
        await using var host = await DiscordTestHost.StartAsync(settings => settings["LinkedIn:EnablePages"] = "true", linkedIn: linkedIn);
        await LinkAsync(host);

        var suggested = await host.InteractAsync(DiscordPayloads.Autocomplete("as", "page", "ac"));

        Assert.Equal(8, (int)suggested["type"]!);
        var choice = Assert.Single(suggested["data"]!["choices"]!.AsArray());
        Assert.Equal(("Acme Corp", "Acme Corp"), ((string)choice!["name"]!, (string)choice["value"]!));
        var all = await host.InteractAsync(DiscordPayloads.Autocomplete("as", "page", ""));
        Assert.Equal(["me (your own profile)", "Acme Corp", "Blue Widgets"], all["data"]!["choices"]!.AsArray().Select(c => (string)c!["name"]!));

        var chosen = await host.InteractAsync(DiscordPayloads.Slash("as", [new JsonObject { ["name"] = "page", ["type"] = 3, ["value"] = "Acme Corp" }]));
        var said = chosen["data"]?["content"] is { } content
            ? (string)content!
            : (await host.Discord.WaitForAsync(r => r.IsEditOriginal)).Json.GetProperty("content").GetString()!;
        Assert.Contains("you now post as Acme Corp", said, StringComparison.Ordinal);
        Assert.Contains("/linkedin as page:me", said, StringComparison.Ordinal);

        await host.InteractAsync(DiscordPayloads.Post("Hello from the Acme channel"));

        var edit = await host.Discord.WaitForAsync(r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.StartsWith("Published", StringComparison.Ordinal));
        Assert.StartsWith("Published on LinkedIn as Acme Corp:", edit.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("urn:li:organization:4242", Assert.Single(linkedIn.Posts).Author);
    }

    [Fact]
    public async Task AsAutocomplete_ForSomeoneNotLinked_OffersNothing()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        await using var host = await DiscordTestHost.StartAsync(settings => settings["LinkedIn:EnablePages"] = "true", linkedIn: linkedIn);

        var suggested = await host.InteractAsync(DiscordPayloads.Autocomplete("as", "page", "ac"));

        Assert.Equal(8, (int)suggested["type"]!);
        Assert.Empty(suggested["data"]!["choices"]!.AsArray());
    }

    /// <summary>The member's permissions in the interaction: Manage Server (0x20) or none of the admin bits.</summary>
    private static JsonObject WithPermissions(JsonObject interaction, bool manageServer)
    {
        interaction["member"]!["permissions"] = manageServer ? "2248473465835105" : "2248473465835073";
        return interaction;
    }

    private static async Task<string> ContentOfAsync(DiscordTestHost host, JsonNode response) =>
        response["data"]?["content"] is { } content
            ? (string)content!
            : (await host.Discord.WaitForAsync(r => r.IsEditOriginal)).Json.GetProperty("content").GetString()!;

    [Fact]
    public async Task Approval_OnlyManageServerTurnsItOn_AMembersPostBecomesAProposal_AndApproveByAPageAdminPublishesIt()
    {
        await using var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        linkedIn.GrantPage("ada-sub", "4242", "Acme Corp", "acme");
        await using var host = await DiscordTestHost.StartAsync(settings => settings["LinkedIn:EnablePages"] = "true", linkedIn: linkedIn);
        await LinkAsync(host);
        var on = new JsonArray(new JsonObject { ["name"] = "state", ["type"] = 3, ["value"] = "on" }, new JsonObject { ["name"] = "page", ["type"] = 3, ["value"] = "Acme Corp" });

        await host.InteractAsync(WithPermissions(DiscordPayloads.Slash("approval", on.DeepClone().AsArray()), manageServer: false));
        var refused = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        Assert.Equal("Only an admin of this chat can turn team approval on or off.", refused.Json.GetProperty("content").GetString());

        await host.InteractAsync(WithPermissions(DiscordPayloads.Slash("approval", on), manageServer: true));
        await host.Discord.WaitForAsync(r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.StartsWith("Team approval is on", StringComparison.Ordinal));

        // Grace (no link at all) posts: a public proposal with Approve and Reject.
        var post = DiscordPayloads.Post("Proposed from Discord");
        post["member"]!["user"]!["id"] = DiscordPayloads.OtherUserId;
        post["member"]!["user"]!["global_name"] = "Grace";
        await host.InteractAsync(post);
        var proposal = await host.Discord.WaitForAsync(r => r.IsFollowup && r.Json.GetProperty("content").GetString()!.StartsWith("Grace proposes a post for Acme Corp", StringComparison.Ordinal));
        Assert.False(proposal.Json.TryGetProperty("flags", out _));
        var buttons = proposal.Json.GetProperty("components")[0].GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["Approve", "Reject"], buttons.Select(b => b.GetProperty("label").GetString()));
        Assert.Empty(linkedIn.Posts);

        // Grace may not approve her own proposal (she cannot post as the page).
        var notHers = await host.InteractAsync(DiscordPayloads.ButtonPress(buttons[0].GetProperty("custom_id").GetString()!, DiscordPayloads.OtherUserId));
        Assert.Equal(64, (int)notHers["data"]!["flags"]!);
        Assert.Contains("Only someone whose LinkedIn account may post as Acme Corp", (string)notHers["data"]!["content"]!, StringComparison.Ordinal);

        var approved = await host.InteractAsync(DiscordPayloads.ButtonPress(buttons[0].GetProperty("custom_id").GetString()!));
        var said = approved["type"]!.GetValue<int>() == 7
            ? (string)approved["data"]!["content"]!
            : (await host.Discord.WaitForAsync(r => r.IsEditOriginal && r.Json.GetProperty("content").GetString()!.StartsWith("Approved", StringComparison.Ordinal))).Json.GetProperty("content").GetString()!;
        Assert.StartsWith("Approved by Ada and published on LinkedIn as Acme Corp:", said, StringComparison.Ordinal);
        var published = Assert.Single(linkedIn.Posts);
        Assert.Equal(("urn:li:organization:4242", "Proposed from Discord"), (published.Author, published.Commentary));
        await host.Discord.WaitForAsync(r => r.IsFollowup && r.Json.GetProperty("content").GetString()!.StartsWith("Grace, your post for Acme Corp was approved by Ada", StringComparison.Ordinal));
    }
}
