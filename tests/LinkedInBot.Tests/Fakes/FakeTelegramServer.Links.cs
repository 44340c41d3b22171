using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Fakes;

public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// The user sends <paramref name="text"/> where each (words, url) of <paramref name="textLinks"/> is a text_link entity
    /// (the URL hidden behind the words), optionally with the link preview turned off.
    /// </summary>
    public FakeTelegramMessage UserSendsWithLinks(FakeTelegramChat chat, FakeTelegramUser user, string text, IEnumerable<(string Words, string Url)> textLinks, bool previewDisabled = false)
    {
        var message = TextMessage(chat, user, text, null);
        var entities = message["entities"] as JsonArray ?? [];
        message["entities"] = entities;
        foreach (var (words, url) in textLinks)
        {
            entities.Add(new JsonObject { ["type"] = "text_link", ["offset"] = text.IndexOf(words, StringComparison.Ordinal), ["length"] = words.Length, ["url"] = url });
        }

        if (previewDisabled)
        {
            message["link_preview_options"] = new JsonObject { ["is_disabled"] = true };
        }

        return Queue(message);
    }
}
