using System.Net;
using System.Text.Json.Nodes;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;

namespace LinkedInBot.Tests.Discord;

/// <summary>
/// Issue 13 on Discord through the real core: the Delete and Edit buttons of a published post (a stranger's press
/// refused ephemerally), the Edit modal prefilled with the text, and a schedule confirmation in Discord's own time tags.
/// </summary>
public sealed class DiscordPostControlTests
{
    private static async Task<(FakeLinkedInServer LinkedIn, DiscordTestHost Host, string Delete, string Edit)> PublishedAsync(string text, TimeProvider? time = null, Action<Dictionary<string, string?>>? configure = null)
    {
        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        var host = await DiscordTestHost.StartAsync(configure, time: time, linkedIn: linkedIn);
        var prompt = await host.InteractAsync(DiscordPayloads.Slash("link"));
        var button = prompt["data"]!["components"]![0]!["components"]![0]!;
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }))
        {
            using var consent = await browser.GetAsync((string)button["url"]!);
            Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
            using var callback = await browser.GetAsync(consent.Headers.Location);
            var code = LinkCodePage.CodeFrom(await callback.Content.ReadAsStringAsync());
            await host.InteractAsync(DiscordPayloads.Slash("link", [new JsonObject { ["name"] = "code", ["type"] = 3, ["value"] = code }]));
        }

        await host.InteractAsync(DiscordPayloads.Post(text));
        var published = await host.Discord.WaitForAsync(r => r.IsEditOriginal);
        var buttons = published.Json.GetProperty("components")[0].GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["Open on LinkedIn", "Delete", "Edit"], buttons.Select(b => b.GetProperty("label").GetString()));
        return (linkedIn, host, buttons[1].GetProperty("custom_id").GetString()!, buttons[2].GetProperty("custom_id").GetString()!);
    }

    /// <summary>The message a press leaves: the inline update (type 7), or the edit of the pressed message after a deferral.</summary>
    private static async Task<JsonNode> PressedMessageAsync(DiscordTestHost host, JsonNode response, int edits)
    {
        if ((int)response["type"]! == 7)
        {
            return response["data"]!;
        }

        Assert.Equal(6, (int)response["type"]!);
        await Eventually.TrueAsync(() => Task.FromResult(host.Discord.Requests.Count(r => r.IsEditOriginal) > edits), "the pressed message is edited");
        return JsonNode.Parse(host.Discord.Requests.Where(r => r.IsEditOriginal).Last().Body)!;
    }

    [Fact]
    public async Task DeleteButton_ConfirmsThenDeletes_AndAStrangersPressIsRefusedEphemerally()
    {
        var (linkedIn, host, delete, _) = await PublishedAsync("Hello from Discord");
        await using var __ = linkedIn;
        await using var _ = host;
        var edits = host.Discord.Requests.Count(r => r.IsEditOriginal);

        var stranger = await host.InteractAsync(DiscordPayloads.ButtonPress(delete, DiscordPayloads.OtherUserId));
        Assert.Equal(4, (int)stranger["type"]!);
        Assert.Equal(64, (int)stranger["data"]!["flags"]!);
        Assert.Equal("Only the person who published this post can change it.", (string)stranger["data"]!["content"]!);

        var ask = await PressedMessageAsync(host, await host.InteractAsync(DiscordPayloads.ButtonPress(delete)), edits);
        Assert.StartsWith("Delete this post from LinkedIn?", (string)ask["content"]!, StringComparison.Ordinal);
        var choices = ask["components"]![0]!["components"]!.AsArray();
        Assert.Equal(["Yes, delete", "Keep"], choices.Select(c => (string)c!["label"]!));
        Assert.False(Assert.Single(linkedIn.Posts).Deleted);

        var done = await PressedMessageAsync(host, await host.InteractAsync(DiscordPayloads.ButtonPress((string)choices[0]!["custom_id"]!)), edits);

        Assert.StartsWith("Deleted from LinkedIn", (string)done["content"]!, StringComparison.Ordinal);
        Assert.True(Assert.Single(linkedIn.Posts).Deleted);
    }

    [Fact]
    public async Task EditButton_OpensAModalWithTheText_AndItsSubmissionUpdatesThePost()
    {
        var (linkedIn, host, _, edit) = await PublishedAsync("Helo world");
        await using var __ = linkedIn;
        await using var _ = host;

        var modal = await host.InteractAsync(DiscordPayloads.ButtonPress(edit));

        Assert.Equal(9, (int)modal["type"]!);
        Assert.Equal(edit, (string)modal["data"]!["custom_id"]!);
        Assert.Equal("Helo world", (string)modal["data"]!["components"]![0]!["component"]!["value"]!);
        var stranger = await host.InteractAsync(DiscordPayloads.ButtonPress(edit, DiscordPayloads.OtherUserId));
        Assert.Equal(64, (int)stranger["data"]!["flags"]!);

        var edits = host.Discord.Requests.Count(r => r.IsEditOriginal);
        await host.InteractAsync(DiscordPayloads.ModalSubmitLabel(edit, "Hello world"));

        await Eventually.TrueAsync(() => Task.FromResult(host.Discord.Requests.Count(r => r.IsEditOriginal) > edits), "the edit is answered");
        Assert.StartsWith("Updated the post on LinkedIn", host.Discord.Requests.Last(r => r.IsEditOriginal).Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Hello world", Assert.Single(linkedIn.Posts).RenderedText);
    }

    [Fact]
    public async Task Schedule_ConfirmsWithDiscordTimeTags_AndQueueListsIt()
    {
        var (linkedIn, host, _, _) = await PublishedAsync("First");
        await using var __ = linkedIn;
        await using var _ = host;
        var edits = host.Discord.Requests.Count(r => r.IsEditOriginal);

        var options = new JsonArray(new JsonObject { ["name"] = "when", ["type"] = 3, ["value"] = "in 2h" }, new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = "Later on Discord" });
        await host.InteractAsync(DiscordPayloads.Slash("schedule", options));
        await Eventually.TrueAsync(() => Task.FromResult(host.Discord.Requests.Count(r => r.IsEditOriginal) > edits), "the schedule is confirmed");
        var confirmation = host.Discord.Requests.Last(r => r.IsEditOriginal).Json;

        var content = confirmation.GetProperty("content").GetString()!;
        Assert.Matches(@"^Scheduled post \d+ for <t:\d+:F> \(<t:\d+:R>\)\. /linkedin cancel number:\d+ cancels it", content);
        Assert.Equal("Cancel", confirmation.GetProperty("components")[0].GetProperty("components")[0].GetProperty("label").GetString());

        var queue = await host.InteractAsync(DiscordPayloads.Slash("queue"));
        Assert.Contains("\"Later on Discord\"", (string)queue["data"]!["content"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledPost_PublishedAfterTheInteractionExpired_IsAnnouncedInTheChannelAsTheBot()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var (linkedIn, host, _, _) = await PublishedAsync("First", time, s => s["Discord:BotToken"] = "bot-token-value");
        await using var __ = linkedIn;
        await using var _ = host;
        var edits = host.Discord.Requests.Count(r => r.IsEditOriginal);
        var options = new JsonArray(new JsonObject { ["name"] = "when", ["type"] = 3, ["value"] = "in 1h" }, new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = "An hour later" });
        await host.InteractAsync(DiscordPayloads.Slash("schedule", options));
        await Eventually.TrueAsync(() => Task.FromResult(host.Discord.Requests.Count(r => r.IsEditOriginal) > edits), "the schedule is confirmed");

        time.Advance(TimeSpan.FromMinutes(61));

        // Nudged on: a runner that computed its sleep just before the jump sleeps on a timer the jump did not reach.
        bool Announced() => host.Discord.Requests.Any(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{DiscordPayloads.ChannelId}/messages", StringComparison.Ordinal));
        await Eventually.TrueAsync(
            () =>
            {
                if (!Announced())
                {
                    time.Advance(TimeSpan.FromMilliseconds(100));
                }

                return Task.FromResult(Announced());
            },
            "the post is announced in the channel",
            TimeSpan.FromSeconds(20));
        var message = host.Discord.Requests.First(r => r.Method == "POST" && r.Path.EndsWith($"/channels/{DiscordPayloads.ChannelId}/messages", StringComparison.Ordinal));
        Assert.StartsWith("Published on LinkedIn", message.Json.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bot bot-token-value", message.Header("Authorization"));
        Assert.Equal("An hour later", linkedIn.Posts[^1].Commentary);
    }
}
