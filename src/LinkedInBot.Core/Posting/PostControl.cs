using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// After publishing: <c>/delete</c> (and its button, with a confirmation), <c>/edit</c> (and an edited message),
/// <c>/posts</c>. Only the person who published a post may change it.
/// </summary>
public sealed class PostControl(
    IPostHistory history,
    IWaitingPostStore waiting,
    IAccountLinkStore links,
    ILinkedInClient linkedIn,
    Schedules schedules,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<PostControl> logger)
{
    /// <summary>How many posts <c>/posts</c> lists.</summary>
    public const int RecentCount = 10;

    /// <summary><c>/delete</c>: the command is the confirmation, so the post goes at once.</summary>
    public async Task DeleteAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var (post, problem) = await FindTargetAsync(request, request.Text.Trim(), commands.Delete, commands, cancellationToken);
        if (post is null)
        {
            await send(problem!, cancellationToken);
            return;
        }

        await send(await DeleteNowAsync(request.Address, post, commands, cancellationToken), cancellationToken);
    }

    /// <summary><c>/edit &lt;new text&gt;</c> as a reply or with a number, and an edited message that was published.</summary>
    public async Task EditAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var text = request.Text;
        var (post, problem) = await FindTargetAsync(request, NumberFirst(ref text, request.Target), commands.Edit, commands, cancellationToken);
        if (post is null)
        {
            await send(problem!, cancellationToken);
            return;
        }

        await send(await EditNowAsync(request, post, text, commands, cancellationToken), cancellationToken);
    }

    /// <summary><c>/posts</c>: the last posts with their state, scheduled ones first.</summary>
    public async Task ListAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var address = request.Address;
        var published = await history.RecentAsync(address.Platform, address.UserId, RecentCount, cancellationToken);
        var scheduled = await waiting.ListAsync(address.Platform, address.UserId, [WaitingPostState.Scheduled, WaitingPostState.Late], cancellationToken);
        var zone = await schedules.ZoneOfAsync(address, cancellationToken);
        await send(PostControlReplies.Posts(published, scheduled, zone, commandNames.For(address.Platform)), cancellationToken);
    }

    /// <summary>A press of Delete, Yes or Keep. The owner is checked again here: the adapter's check was before the job.</summary>
    public async Task PressAsync(ChatRequest request, PressData press, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var post = await history.FindAsync(press.Number, cancellationToken);
        if (post is null)
        {
            await send(PostControlReplies.UnknownButton, cancellationToken);
            return;
        }

        if (!ButtonPresses.IsOwner(post.Address, request.Address))
        {
            await send(PostControlReplies.NotYours, cancellationToken);
            return;
        }

        switch (press.Action)
        {
            case PressData.Delete when post.DeletedAt is null:
                await send(PostControlReplies.ConfirmDelete(post), cancellationToken);
                break;
            case PressData.DeleteYes:
            case PressData.Delete:
                var answer = await DeleteNowAsync(request.Address, post, commands, cancellationToken);
                await send(answer.IsError ? answer : answer with { ReplacesPressedMessage = true }, cancellationToken);
                break;
            case PressData.DeleteKeep:
                // Back to the message the post was published with (a second Keep shows the same).
                var kept = PostControlReplies.Published(new PublishOutcome.Published(post.Urn, post.Url), post.Number, post.Text, commands);
                await send(post.DeletedAt is null ? kept with { ReplacesPressedMessage = true } : PostControlReplies.Deleted(post) with { ReplacesPressedMessage = true }, cancellationToken);
                break;
            default:
                // Edit opens a form where the platform has one; elsewhere the reply names the command.
                await send(ChatReply.Info($"Send {commands.WithNumber(commands.Edit, post.Number)} <new text> to change post {post.Number}."), cancellationToken);
                break;
        }
    }

    private async Task<ChatReply> DeleteNowAsync(ChatAddress requester, PublishedPost post, CommandNames commands, CancellationToken cancellationToken)
    {
        if (post.DeletedAt is not null)
        {
            // Pressed twice, or a redelivery: LinkedIn would answer 204 again, but the state changes once.
            return PostControlReplies.Deleted(post);
        }

        var link = await links.FindAsync(requester, cancellationToken);
        if (link is null || !link.IsUsableAt(time.GetUtcNow()))
        {
            return PostControlReplies.DeleteFailed(new PublishOutcome.LinkExpired(), commands);
        }

        var result = await linkedIn.DeletePostAsync(link.AccessToken, post.Urn, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogWarning("Deleting post {Number} ({Urn}) failed: {Outcome}", post.Number, post.Urn, result.Failure!.GetType().Name);
            return PostControlReplies.DeleteFailed(result.Failure!, commands);
        }

        await history.MarkDeletedAsync(post.Number, time.GetUtcNow(), CancellationToken.None);
        logger.LogInformation("Deleted post {Number} ({Urn}) for {Platform} user {UserId}", post.Number, post.Urn, requester.Platform, requester.UserId);
        return PostControlReplies.Deleted(post);
    }

    private async Task<ChatReply> EditNowAsync(ChatRequest request, PublishedPost post, string newText, CommandNames commands, CancellationToken cancellationToken)
    {
        if (post.DeletedAt is not null)
        {
            return PostControlReplies.EditOfDeleted(post);
        }

        // LinkedIn's partial update takes only the commentary: a picture added to, taken from or replaced in the
        // message cannot follow, and half an edit would be worse than none. An edited message carries its picture
        // again, so there it counts only when it differs from the post's (by the name the platform gave it: Telegram's
        // file_unique_id).
        // A document counts like a picture (its name is the post's first file name).
        var editedMessage = request.Target?.StartsWith(MessageTarget, StringComparison.Ordinal) == true;
        var file = request.Attachments is [var first, ..] ? first : null;
        var imageChanged = editedMessage
            ? (file is not null) != post.HasImage
              || (file is { } picture && post.ImageName is { } published && !string.Equals(picture.FileName, published, StringComparison.Ordinal))
            : file is not null;
        if (imageChanged)
        {
            return PostControlReplies.EditChangesImage;
        }

        var text = PostText.WithoutControlCharacters(newText).Trim();
        if (text.Length == 0)
        {
            return PostControlReplies.EditEmpty(commands);
        }

        if (text.Length > LittleText.MaxPostLength)
        {
            return OutcomeReplies.For(OutcomeReplies.TooLong(text.Length, LittleText.MaxPostLength), commands);
        }

        if (string.Equals(text, post.Text, StringComparison.Ordinal))
        {
            // A redelivered edit, or an edit that changed only the command around the text.
            return PostControlReplies.EditUnchanged(post);
        }

        var link = await links.FindAsync(request.Address, cancellationToken);
        if (link is null || !link.IsUsableAt(time.GetUtcNow()))
        {
            return PostControlReplies.EditFailed(new PublishOutcome.LinkExpired(), commands);
        }

        var result = await linkedIn.UpdatePostTextAsync(link.AccessToken, post.Urn, text, cancellationToken);
        if (!result.Succeeded)
        {
            logger.LogWarning("Editing post {Number} ({Urn}) failed: {Outcome}", post.Number, post.Urn, result.Failure!.GetType().Name);
            return PostControlReplies.EditFailed(result.Failure!, commands);
        }

        await history.MarkEditedAsync(post.Number, text, time.GetUtcNow(), CancellationToken.None);
        logger.LogInformation("Edited post {Number} ({Urn}) for {Platform} user {UserId}", post.Number, post.Urn, request.Address.Platform, request.Address.UserId);
        return PostControlReplies.Edited(post);
    }

    /// <summary>
    /// Which post a command means: the platform's target (the replied-to bot message's post, or the user's own
    /// published message), else <paramref name="typed"/>: a number or a post URL. Someone else's post is "not found".
    /// </summary>
    private async Task<(PublishedPost? Post, ChatReply? Problem)> FindTargetAsync(ChatRequest request, string typed, string command, CommandNames commands, CancellationToken cancellationToken)
    {
        var address = request.Address;
        PublishedPost? post;
        string what;
        if (request.Target is { } target && target.StartsWith(MessageTarget, StringComparison.Ordinal))
        {
            what = "that message";
            post = await history.FindByMessageAsync(address.Platform, address.ChatId, target[MessageTarget.Length..], cancellationToken);
        }
        else if (TryNumber(request.Target ?? typed, out var number))
        {
            what = "number " + number.ToString(CultureInfo.InvariantCulture);
            post = await history.FindAsync(number, cancellationToken);
        }
        else if (typed.Length > 0 && UrnOf(typed) is { } urn)
        {
            what = "that URL";
            post = await history.FindByUrnAsync(address.Platform, address.UserId, urn, cancellationToken);
        }
        else
        {
            return (null, PostControlReplies.WhichPost(command, commands));
        }

        return post is not null && ButtonPresses.IsOwner(post.Address, address)
            ? (post, null)
            : (null, PostControlReplies.NoSuchPost(what, commands));
    }

    /// <summary>The target of an edited message: the user's own message that was published.</summary>
    public const string MessageTarget = "message:";

    /// <summary>
    /// Without a target, "/edit 12 new text" names the post first: the number is taken off the text. With a target
    /// (a reply, an edited message) the whole text is the new text, even when it starts with a number.
    /// </summary>
    private static string NumberFirst(ref string text, string? target)
    {
        if (target is not null)
        {
            return string.Empty;
        }

        var trimmed = text.TrimStart();
        var end = 0;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        var first = trimmed[..end];
        if (TryNumber(first, out _))
        {
            text = trimmed[end..];
            return first;
        }

        return string.Empty;
    }

    private static bool TryNumber(string? value, out long number) =>
        long.TryParse(value?.Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out number) && number > 0;

    /// <summary>The post URN in a LinkedIn (or sandbox) post URL, e.g. <c>…/feed/update/urn:li:share:123/</c>.</summary>
    internal static string? UrnOf(string url)
    {
        var text = Uri.UnescapeDataString(url.Trim());
        var start = text.IndexOf("urn:li:", StringComparison.Ordinal);
        if (start >= 0)
        {
            var end = start;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is ':' or '_' or '-'))
            {
                end++;
            }

            return text[start..end];
        }

        // The sandbox's feed links: …/sandbox/feed#share-7 stands for urn:li:share:7.
        var share = text.LastIndexOf("#share-", StringComparison.Ordinal);
        return share >= 0 ? "urn:li:share:" + text[(share + "#share-".Length)..] : null;
    }
}
