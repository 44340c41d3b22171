using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Fakes;

public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// The user sends <paramref name="text"/> where each (words, url) of <paramref name="textLinks"/> is a text_link entity
    /// (the URL hidden behind the words) and each of <paramref name="urls"/> a url entity, optionally with the link preview turned off.
    /// </summary>
    public FakeTelegramMessage UserSendsWithLinks(
        FakeTelegramChat chat, FakeTelegramUser user, string text, IEnumerable<(string Words, string Url)> textLinks, bool previewDisabled = false, IEnumerable<string>? urls = null)
    {
        var message = TextMessage(chat, user, text, null);
        var entities = message["entities"] as JsonArray ?? [];
        message["entities"] = entities;
        foreach (var (words, url) in textLinks)
        {
            entities.Add(new JsonObject { ["type"] = "text_link", ["offset"] = text.IndexOf(words, StringComparison.Ordinal), ["length"] = words.Length, ["url"] = url });
        }

        // A "url" entity: what Telegram marks as a link in the text as typed, with or without a scheme.
        foreach (var url in urls ?? [])
        {
            entities.Add(new JsonObject { ["type"] = "url", ["offset"] = text.IndexOf(url, StringComparison.Ordinal), ["length"] = url.Length });
        }

        if (previewDisabled)
        {
            message["link_preview_options"] = new JsonObject { ["is_disabled"] = true };
        }

        return Queue(message);
    }
}
