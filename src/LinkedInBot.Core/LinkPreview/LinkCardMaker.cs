using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkPreview;

/// <summary>
/// Makes the link card of a text post before its create: fetches the first link's page, uploads its picture as a
/// LinkedIn image, and records both in the ledger (the picture's URN in <c>image_urn</c>, the card in <c>link_card</c>)
/// so a resumed publish sends the same <c>content.article</c> without fetching or uploading again.
/// </summary>
public sealed class LinkCardMaker(LinkPreviewFetcher fetcher, ILinkedInClient linkedIn, IPostLedger ledger, TimeProvider time, ILogger<LinkCardMaker> logger)
{
    /// <summary>The marker that turns the card off, at the start of a post; it is not published.</summary>
    public const string NoCardMarker = "--no-card";

    /// <summary>The text without a leading <see cref="NoCardMarker"/>, and whether it was there.</summary>
    public static (string Text, bool NoCard) StripMarker(string text)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith(NoCardMarker, StringComparison.OrdinalIgnoreCase)
            && (trimmed.Length == NoCardMarker.Length || char.IsWhiteSpace(trimmed[NoCardMarker.Length])))
        {
            return (trimmed[NoCardMarker.Length..].Trim(), true);
        }

        return (text, false);
    }

    /// <summary>Whether a post of <paramref name="text"/> without an image gets a card (it has a link).</summary>
    public static bool Wants(string text) => LinkUrls.FindFirst(text) is not null;

    /// <summary>Records that the author turned the card off, so a resumed publish does not make one.</summary>
    public async Task<PostLedgerEntry> RecordNoCardAsync(PostLedgerEntry entry, CancellationToken cancellationToken)
    {
        var none = JsonSerializer.Serialize(new LinkCardRecord(null, null, null, null), Json);
        await ledger.SetLinkCardAsync(entry.Id, none, time.GetUtcNow(), cancellationToken);
        return entry with { LinkCard = none };
    }

    /// <summary>
    /// The article for the entry's create, or null (no link, turned off, or the card could not be made: then
    /// <see cref="MissingNote"/> of the stored entry says why).
    /// </summary>
    public async Task<LinkedInArticle?> PrepareAsync(PostLedgerEntry entry, string accessToken, string ownerUrn, CancellationToken cancellationToken)
    {
        if (Read(entry.LinkCard) is { } stored)
        {
            return stored.ToArticle(entry.ImageUrn);
        }

        if (LinkUrls.FindFirst(entry.Text) is not { } url)
        {
            return null;
        }

        var page = await fetcher.FetchCardAsync(url, cancellationToken);
        if (page.Card is not { } card)
        {
            var missing = LinkPreviewReplies.Missing(page.Problem!.Value, page.Detail);
            await StoreAsync(entry.Id, new LinkCardRecord(null, null, null, missing), cancellationToken);
            return null;
        }

        var thumbnail = entry.ImageUrn;
        string? note = null;
        if (thumbnail is null && card.ImageUrl is { } imageUrl)
        {
            var image = await fetcher.FetchImageAsync(imageUrl, cancellationToken);
            if (image.Bytes is { } bytes)
            {
                var upload = await linkedIn.UploadImageAsync(accessToken, ownerUrn, bytes, cancellationToken);
                if (upload.Value is { } urn)
                {
                    thumbnail = urn;
                    await ledger.SetImageUrnAsync(entry.Id, urn, time.GetUtcNow(), cancellationToken);
                }
                else
                {
                    logger.LogWarning("The link card's picture of entry {EntryId} could not be uploaded ({Failure})", entry.Id, upload.Failure?.GetType().Name);
                    note = LinkPreviewReplies.ImageMissing("LinkedIn did not take the upload.");
                }
            }
            else
            {
                note = LinkPreviewReplies.ImageMissing(LinkPreviewReplies.ImageProblem(image.Problem!.Value, image.Detail));
            }
        }

        var record = new LinkCardRecord(card.Source.AbsoluteUri, card.Title, card.Description, note);
        await StoreAsync(entry.Id, record, cancellationToken);
        return record.ToArticle(thumbnail);
    }

    /// <summary>What the publish reply adds about the card: why it is missing or has no picture; null when all is well.</summary>
    public static string? MissingNote(string? linkCard) => Read(linkCard)?.Note;

    private Task StoreAsync(long entryId, LinkCardRecord record, CancellationToken cancellationToken) =>
        ledger.SetLinkCardAsync(entryId, JsonSerializer.Serialize(record, Json), time.GetUtcNow(), cancellationToken);

    private static LinkCardRecord? Read(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<LinkCardRecord>(json, Json);
        }
        catch (JsonException)
        {
            return new LinkCardRecord(null, null, null, null);
        }
    }

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary>The <c>link_card</c> column: a card (source and title), or none (with the note for the reply, if any).</summary>
    private sealed record LinkCardRecord(
        [property: JsonPropertyName("source")] string? Source,
        [property: JsonPropertyName("title")] string? Title,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("note")] string? Note)
    {
        public LinkedInArticle? ToArticle(string? thumbnailUrn) =>
            Source is null || Title is null ? null : new LinkedInArticle(Source, Title, Description, thumbnailUrn);
    }
}
