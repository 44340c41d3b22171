using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Discord;

/// <summary>
/// The "Share to LinkedIn" message command: a modal prefilled with the message's text, then the post.
/// The message's first image is downloaded while the user edits (its signed CDN URL expires, and the
/// submission carries no attachments), keyed by a random id inside the modal's custom_id.
/// </summary>
/// <remarks>
/// The post is keyed by the message command's own interaction id (carried in the custom_id) plus the user: the
/// same form submitted twice is one post, while every new use of Share to LinkedIn is a new attempt — a share
/// that failed (LinkedIn down, link expired) can be tried again instead of being answered from the ledger forever.
/// </remarks>
internal sealed class ShareToLinkedIn(DiscordChatBridge bridge, ImageAttachments images, SharedImageCache cache, DiscordBackgroundWork work, IPendingShareStore shares, TimeProvider time)
{
    public const string Name = "Share to LinkedIn";

    /// <summary>
    /// <c>share2:{command interaction id}[:{image key}]</c>. Forms of the earlier <c>share:{message id}</c> kind,
    /// opened before an upgrade, are answered as unknown: their key would repeat the message's failed attempts.
    /// </summary>
    public const string CustomIdPrefix = "share2:";
    public const string TextInputId = "text";

    // Text input value and max_length are capped at 4000 by Discord. LinkedIn's own limit is 3000, but the
    // core refuses longer texts with the count, which helps more than a silently cut prefill.
    internal const int MaxText = 4000;

    public async Task<InteractionResponse> ShowModalAsync(Interaction interaction, InteractionOrigin origin)
    {
        var targetId = interaction.Data?.TargetId;
        SourceMessage? message = null;
        if (targetId is null || !DiscordOptionsValidator.IsSnowflake(interaction.Id) || interaction.Data?.Resolved?.Messages?.TryGetValue(targetId, out message) != true || message is null)
        {
            return DiscordResponses.EphemeralError(AttachmentReplies.MessageToShareNotReceived);
        }

        var attachments = message.Attachments ?? [];
        var text = ShareText.From(message);

        // The images and documents LinkedIn can take, in the message's order. An image it can't take is left out like
        // any other attachment, since nobody can change someone else's message; only with no text either is there
        // nothing to share. One image without alt text goes the way it always went (downloaded while the form is
        // open); several files, a document or an image with a description are kept as a list for the submission.
        var usable = attachments
            .Where(a => ImageAttachments.IsImage(a) || LinkedInBot.Core.LinkedIn.LinkedInDocumentRules.IsDocumentName(a.Filename) || DiscordVideos.IsVideo(a))
            .Select(a => (Source: a, File: DiscordMedia.Usable(a, origin.AttachmentSizeLimit).Attachment))
            .Where(u => u.File is not null)
            .ToList();
        var files = usable.Select(u => u.File!).ToList();
        var image = usable is [{ File: ChatImage { AltText: null } } only] ? only.Source : null;
        var unusable = files.Count == 0 ? attachments.FirstOrDefault(ImageAttachments.IsImage) : null;
        if (unusable is not null && string.IsNullOrWhiteSpace(text))
        {
            // Not "attach another one": nobody can change someone else's message.
            return DiscordResponses.EphemeralError(AttachmentReplies.NothingToShare(WhyLeftOut(unusable, origin.AttachmentSizeLimit)));
        }

        string? note = null;
        var customId = CustomIdPrefix + interaction.Id;
        if (image is not null)
        {
            // No more than Discord says the file has: the cache's byte budget counts on it.
            var limit = ImageAttachments.LimitFor(origin.AttachmentSizeLimit);
            var maxBytes = image.Size > 0 ? Math.Min(limit, image.Size) : limit;
            var key = cache.Add(origin.UserId, image.Filename, image.Url, maxBytes, expiry =>
                work.RunUntilStop($"download for Discord {origin.Target}", async stopping =>
                {
                    using var either = CancellationTokenSource.CreateLinkedTokenSource(stopping, expiry);
                    return await images.DownloadAsync(image, maxBytes, either.Token);
                }));

            // The bytes are here; the submission may reach another replica, which downloads them again from the URL.
            var now = time.GetUtcNow();
            await shares.SaveAsync(new PendingShare(key, origin.UserId, image.Filename, image.Url, now + SharedImageCache.Lifetime), now, CancellationToken.None);
            customId += ":" + key;
            note = Shorten(AttachmentReplies.ImageGoesWithText(image.Filename));
        }
        else if (files.Count > 0)
        {
            var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var now = time.GetUtcNow();
            await shares.SaveAsync(
                new PendingShare(key, origin.UserId, files[0].FileName, string.Empty, now + SharedImageCache.Lifetime) { Attachments = files.Select(f => f.ToReference()).ToList() },
                now,
                CancellationToken.None);
            customId += ":" + key;
            note = Shorten(AttachmentReplies.FilesGoWithText(files.Select(f => f.FileName).ToList()));
        }
        else if (unusable is not null)
        {
            note = TextOnlyNote(unusable, origin.AttachmentSizeLimit);
        }
        else if (attachments.Count > 0)
        {
            note = AttachmentReplies.OnlyTextNotAnImage;
        }

        var prefill = text.Length <= MaxText ? text : text[..(char.IsHighSurrogate(text[MaxText - 1]) ? MaxText - 1 : MaxText)];

        // Without an image the text is the whole post, so Discord checks it is there before sending; with one, an
        // image-only post is fine (the core publishes an image without text).
        var input = new TextInputComponent(TextInputId, TextInputComponent.Paragraph, MaxText, Required: files.Count == 0, prefill.Length == 0 ? null : prefill);
        return InteractionResponse.Modal(new ModalData(customId, Name, [new LabelComponent(RequestReplies.PostTextLabel, note, input)]));
    }

    public async Task<InteractionResponse> SubmitAsync(Interaction interaction, InteractionOrigin origin)
    {
        if (!TryParseCustomId(interaction.Data?.CustomId, out var formId, out var imageKey))
        {
            return DiscordResponses.EphemeralError(RequestReplies.UnknownForm(Name));
        }

        PendingImage? pending = null;
        PendingShare? elsewhere = null;
        if (imageKey is not null && !cache.TryGet(imageKey, origin.UserId, out pending)
            && (elsewhere = await shares.FindAsync(imageKey, origin.UserId, time.GetUtcNow(), CancellationToken.None)) is null)
        {
            return DiscordResponses.EphemeralError(AttachmentReplies.SharedImageGone(Name));
        }

        var text = FindValue(interaction.Data?.Components, TextInputId) ?? string.Empty;

        // The form plus the user keys the post: a form submitted again (Discord retries, a double click) is the
        // same post, a new Share to LinkedIn is a new one. With the user in it, a
        // custom_id replayed by someone else never reaches another user's post.
        var shareId = $"{formId}:{origin.UserId}";
        if (elsewhere is { Attachments.Count: > 0 } listed)
        {
            var request = origin.Request(shareId, ChatCommand.Post, text) with
            {
                Attachments = listed.Attachments.Select(a => a.ToAttachment(InteractionOrigin.Platform, null)).ToList(),
            };
            return await bridge.DeferAsync(origin, request);
        }

        var image = pending is not null
            ? DiscordMedia.Shared(imageKey!, origin.UserId, pending.FileName, pending.Url)
            : elsewhere is null ? null : DiscordMedia.Shared(imageKey!, origin.UserId, elsewhere.FileName, elsewhere.Url);
        return await bridge.DeferAsync(origin, origin.Request(shareId, ChatCommand.Post, text, image));
    }

    internal static bool TryParseCustomId(string? customId, out string formId, out string? imageKey)
    {
        formId = string.Empty;
        imageKey = null;
        if (customId is null || !customId.StartsWith(CustomIdPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = customId[CustomIdPrefix.Length..].Split(':');
        if (parts.Length is < 1 or > 2 || !DiscordOptionsValidator.IsSnowflake(parts[0]) || (parts.Length == 2 && parts[1].Length == 0))
        {
            return false;
        }

        formId = parts[0];
        imageKey = parts.Length == 2 ? parts[1] : null;
        return true;
    }

    /// <summary>Label layout: <c>components[i].component</c>; legacy action rows: <c>components[i].components[j]</c>.</summary>
    internal static string? FindValue(IEnumerable<SubmittedComponent>? components, string customId)
    {
        foreach (var component in components ?? [])
        {
            if (component.CustomId == customId && component.Value is not null)
            {
                return component.Value;
            }

            var nested = FindValue(component.Component is null ? component.Components : [component.Component], customId);
            if (nested is not null)
            {
                return nested;
            }
        }

        return null;
    }

    /// <summary>Why the message's image stays behind, e.g. <c>Only the text is shared: "a.webp" is not a JPG, PNG or GIF.</c></summary>
    internal static string TextOnlyNote(DiscordAttachment image, long? attachmentSizeLimit) =>
        Shorten(AttachmentReplies.OnlyTextShared(WhyLeftOut(image, attachmentSizeLimit)));

    /// <summary>E.g. <c>"a.webp" is not a JPG, PNG or GIF</c>; the file name is cut, not the reason (a label description holds 100 characters).</summary>
    private static string WhyLeftOut(DiscordAttachment image, long? attachmentSizeLimit)
    {
        var name = string.IsNullOrWhiteSpace(image.Filename) ? "the image" : $"\"{Shorten(image.Filename, 40)}\"";
        return AttachmentReplies.WhyLeftOut(name, image.ContentType, image.Size, ImageAttachments.LimitFor(attachmentSizeLimit));
    }

    // Label descriptions hold at most 100 characters. The cut never splits a surrogate pair.
    private static string Shorten(string text, int max = 100)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[max - 2]) ? max - 2 : max - 1;
        return string.Concat(text.AsSpan(0, cut), "…");
    }
}
