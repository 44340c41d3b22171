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
}
