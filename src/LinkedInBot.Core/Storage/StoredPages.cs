using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.Storage;

/// <summary>The <c>account_links.pages</c> column: the member's pages as JSON, <c>[{"id","name","vanity"}]</c>.</summary>
internal static class StoredPages
{
    public static string? ToText(IReadOnlyList<LinkedInPage> pages) =>
        pages.Count == 0 ? null : JsonSerializer.Serialize(pages.Select(p => new Row(p.OrganizationId, p.Name, p.VanityName)).ToList());

    public static IReadOnlyList<LinkedInPage> FromText(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<List<Row>>(text)?
                .Where(row => !string.IsNullOrEmpty(row.Id))
                .Select(row => new LinkedInPage(row.Id, row.Name ?? "Page " + row.Id, row.Vanity))
                .ToList() ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private sealed record Row(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string? Name,
        [property: JsonPropertyName("vanity")] string? Vanity);
}
