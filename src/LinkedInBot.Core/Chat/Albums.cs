using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Chat;

/// <summary>
/// One message of an album (a Telegram media group) as an adapter reads it. Albums arrive as separate messages with no
/// end marker; <see cref="AlbumCollector"/> keeps them until none has come for a quiet period, then makes one request.
/// </summary>
/// <param name="Address">Who sent it, where (its reply context answers this message).</param>
/// <param name="GroupId">What the album's messages share (Telegram's <c>media_group_id</c>).</param>
/// <param name="MessageId">The message's id; the album's request takes the id of the item captioned with the post command.</param>
/// <param name="Position">The album's order.</param>
/// <param name="PostText">The text after the post command when this item's caption starts with it; null otherwise.</param>
/// <param name="Photo">The item's photo; null when it is something else (a video, a file), which an album post cannot take.</param>
public sealed record AlbumItem(ChatAddress Address, string? DisplayName, string GroupId, string MessageId, long Position, bool IsGroupChat, string? PostText, AttachmentReference? Photo);

/// <summary>
/// Collects albums in the store: each item is kept (<see cref="IAlbumStore"/>) and schedules a check of its album, a
/// job in its chat due when the quiet period after it is over. The check that finds the album quiet makes one post
/// request of it through the job runtime, in album order (<see cref="AlbumJobHandler"/>). The store and the jobs being
/// durable, another replica or a restart finishes an album a stop interrupted.
/// </summary>
public sealed class AlbumCollector(IAlbumStore store, IChatJobStore jobs, ChatJobSignal signal, TimeProvider time)
{
    /// <summary>Keeps the item and schedules its album's check; false when it was kept before (a redelivery).</summary>
    public async Task<bool> AddAsync(AlbumItem item, TimeSpan quietPeriod, int maxItems, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await store.AddAsync(item, now, cancellationToken))
        {
            return false;
        }

        var check = new AlbumCheckPayload(item.Address.Platform, item.Address.ChatId, item.GroupId, (long)quietPeriod.TotalMilliseconds, maxItems);
        await jobs.EnqueueAsync(
            new NewChatJob(
                ChatRequestQueue.ChatKeyOf(item.Address),
                AlbumJobHandler.JobKind,
                JsonSerializer.Serialize(check, ChatJobJson.Default.AlbumCheckPayload),
                now + quietPeriod,
                $"album-item:{item.Address.Platform}:{item.Address.ChatId}:{item.GroupId}:{item.MessageId}"),
            now,
            cancellationToken);
        signal.Notify();
        return true;
    }
}

/// <summary>
/// Checks an album once the quiet period after one of its items is over: if a later item came meanwhile, its own check
/// decides; otherwise the album is complete. An album without a post command in a caption is not for the bot and is
/// dropped without a word; one with more items than allowed, or with an item that is not a photo, is refused; any other
/// becomes one post request (dedupe key: the album), and its items are deleted.
/// </summary>
internal sealed class AlbumJobHandler(IAlbumStore store, ChatRequestQueue queue, ChatNotifications notifications, TimeProvider time, ILogger<AlbumJobHandler> logger) : IChatJobHandler
{
    public const string JobKind = "album-check";

    public string Kind => JobKind;

    public async Task RunAsync(ChatJob job, CancellationToken cancellationToken)
    {
        var check = JsonSerializer.Deserialize(job.Payload, ChatJobJson.Default.AlbumCheckPayload)
            ?? throw new InvalidDataException($"Job {job.Id} does not name an album.");
        var items = await store.ListAsync(check.Platform, check.ChatId, check.GroupId, cancellationToken);
        if (items.Count == 0 || items.Max(i => i.ReceivedAt) + TimeSpan.FromMilliseconds(check.QuietMilliseconds) > time.GetUtcNow())
        {
            return;
        }

        var album = items.Select(i => i.Item).ToList();
        if (album.FirstOrDefault(i => i.PostText is not null) is { } captioned)
        {
            await FinishAsync(job, check, album, captioned, cancellationToken);
        }
        else
        {
            logger.LogDebug("An album of {Count} items in {Platform} chat {ChatId} has no post command; ignored", album.Count, check.Platform, check.ChatId);
        }

        await store.DeleteAsync(check.Platform, check.ChatId, check.GroupId, cancellationToken);
    }

    private async Task FinishAsync(ChatJob job, AlbumCheckPayload check, List<AlbumItem> album, AlbumItem captioned, CancellationToken cancellationToken)
    {
        var refusal = album.Count > check.MaxItems ? AttachmentReplies.AlbumTooLarge(check.MaxItems)
            : album.Any(i => i.Photo is null) ? AttachmentReplies.AlbumOnlyPhotos
            : null;
        if (refusal is not null)
        {
            await notifications.ReplyAsync(captioned.Address, ChatReply.Error(refusal), new ReplyTurn(job.Id, 0), cancellationToken);
            return;
        }

        var request = new ChatRequest(captioned.Address, captioned.DisplayName, captioned.MessageId, ChatCommand.Post, captioned.PostText!, null, captioned.IsGroupChat)
        {
            Attachments = album.Select(i => i.Photo!.ToAttachment(check.Platform, null)).ToList(),
        };

        // Stored once however often this runs (a retry, a second check racing in another replica): the album is its key.
        await queue.EnqueueAsync(request, $"album:{check.Platform}:{check.ChatId}:{check.GroupId}", cancellationToken, replyTo: captioned.Address.ReplyContext);
    }

    // Nothing to tell: the items stay, and the album's later check (if any) or none decides.
    public Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken) => Task.CompletedTask;
}

internal sealed record AlbumCheckPayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("g")] string GroupId,
    [property: JsonPropertyName("q")] long QuietMilliseconds,
    [property: JsonPropertyName("x")] int MaxItems);

internal sealed record AlbumItemPayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("rc")] string? ReplyContext,
    [property: JsonPropertyName("n")] string? DisplayName,
    [property: JsonPropertyName("gr")] string GroupId,
    [property: JsonPropertyName("m")] string MessageId,
    [property: JsonPropertyName("o")] long Position,
    [property: JsonPropertyName("g")] bool IsGroupChat,
    [property: JsonPropertyName("t")] string? PostText,
    [property: JsonPropertyName("a")] AttachmentPayload? Photo);

/// <summary>An album item as the store keeps it (encrypted by the store).</summary>
internal static class AlbumItemJson
{
    public static string Serialize(AlbumItem item) => JsonSerializer.Serialize(
        new AlbumItemPayload(item.Address.Platform, item.Address.ChatId, item.Address.UserId, item.Address.ReplyContext, item.DisplayName, item.GroupId, item.MessageId, item.Position, item.IsGroupChat, item.PostText, item.Photo is null ? null : AttachmentPayload.From(item.Photo)),
        ChatJobJson.Default.AlbumItemPayload);

    public static AlbumItem? Deserialize(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, ChatJobJson.Default.AlbumItemPayload) is { } p
                ? new AlbumItem(new ChatAddress(p.Platform, p.ChatId, p.UserId, p.ReplyContext), p.DisplayName, p.GroupId, p.MessageId, p.Position, p.IsGroupChat, p.PostText, p.Photo?.ToReference())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
