using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// Posts that wait: <c>/schedule</c> (a job due at the post's time publishes it, once, in whichever replica runs it),
/// <c>/queue</c> and <c>/cancel</c>, <c>/timezone</c>, and drafts (<c>/draft</c>, <c>/settings</c>) with their Publish,
/// Schedule and Cancel buttons. Every move between states is conditional in the store, so a button pressed twice, a
/// redelivered command or a job run again acts once; the post ledger keeps each publish to one LinkedIn post.
/// </summary>
public sealed class PostScheduling(
    IWaitingPostStore waiting,
    IUserSettingsStore settings,
    IAccountLinkStore links,
    PostPublisher publisher,
    Pages.CompanyPages pages,
    LinkPreview.LinkPreviewFetcher linkPreviews,
    ChatRequestQueue queue,
    Schedules schedules,
    CommandNameBook commandNames,
    IEnumerable<IChatMediaSource> mediaSources,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<PostScheduling> logger)
{
    private static readonly WaitingPostState[] Cancellable = [WaitingPostState.Scheduled, WaitingPostState.Late, WaitingPostState.Draft];

    /// <summary><c>/schedule &lt;when&gt; &lt;text&gt;</c>, or <c>/schedule &lt;draft number&gt; &lt;when&gt;</c>.</summary>
    public async Task ScheduleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var zone = await schedules.ZoneOfAsync(request.Address, cancellationToken);
        var now = time.GetUtcNow();
        var argument = request.Text.Trim();

        // "/schedule 7 tomorrow 9:00": the draft 7 at that time (a bare number is never a time).
        var space = argument.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && long.TryParse(argument.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var draftNumber))
        {
            await ScheduleDraftAsync(request, draftNumber, argument[(space + 1)..], zone, commands, send, cancellationToken);
            return;
        }

        var parsed = ScheduleTime.TryParse(argument, now, zone);
        if (parsed is null)
        {
            await send(ScheduleReplies.Usage(commands), cancellationToken);
            return;
        }

        if (!CanWait(request))
        {
            await send(ChatReply.Error(AttachmentReplies.OnlyTextAndOneImageWait(commands.Post)), cancellationToken);
            return;
        }

        var text = PostText.WithoutControlCharacters(parsed.Rest).Trim();
        if (text.Length == 0 && OneImage(request) is null)
        {
            await send(ChatReply.Error($"Nothing to schedule: add the post's text after the time. {ScheduleReplies.Example(commands)}"), cancellationToken);
            return;
        }

        if (text.Length > LittleText.MaxPostLength)
        {
            await send(OutcomeReplies.For(OutcomeReplies.TooLong(text.Length, LittleText.MaxPostLength), commands), cancellationToken);
            return;
        }

        if (ScheduleReplies.CheckTime(parsed.At, now, options.Value.MaxScheduleAhead, zone) is { } refusal)
        {
            await send(refusal, cancellationToken);
            return;
        }

        var link = await links.FindAsync(request.Address, cancellationToken);
        if (link is null)
        {
            await send(OutcomeReplies.For(new PublishOutcome.NotLinked(), commands), cancellationToken);
            return;
        }

        var image = OneImage(request) is { } attached
            ? new WaitingImage(attached.FileName, attached.DeclaredLength, attached.Reference ?? throw new InvalidOperationException("A request's image has no reference."))
            : null;
        var (post, _) = await waiting.AddAsync(
            new WaitingPost(0, request.Address, request.MessageId, request.DisplayName, request.IsGroupChat, text, image, WaitingPostState.Scheduled, parsed.At, now),
            now,
            cancellationToken);

        // Enqueued also when the row was there already (a redelivery, or a stop between the two): the job's dedupe key
        // makes it one job.
        await EnqueueAsync(post, cancellationToken);
        await send(await NamingThePageAsync(ScheduleReplies.Scheduled(post, zone, now, parsed.Note, link, commands), request.Address, link, cancellationToken), cancellationToken);
    }

    /// <summary>The job of a scheduled post, due at its time.</summary>
    public async Task RunAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        if (!long.TryParse(request.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            || await waiting.FindAsync(number, cancellationToken) is not { } post)
        {
            return;
        }

        // Cancelled, published, asked about, or moved to another time (that time's job publishes it).
        if (post.State is not (WaitingPostState.Scheduled or WaitingPostState.Publishing) || post.DueAt is not { } due || due > time.GetUtcNow())
        {
            return;
        }

        var now = time.GetUtcNow();
        if (post.State == WaitingPostState.Scheduled && now - due > options.Value.LateScheduleLimit)
        {
            if (await waiting.MoveAsync(number, [WaitingPostState.Scheduled], WaitingPostState.Late, null, now, cancellationToken))
            {
                logger.LogInformation("Scheduled post {Number} is {Late} late; asking its author", number, now - due);
                var zone = await schedules.ZoneOfAsync(post.Address, cancellationToken);
                await send(ScheduleReplies.TooLate(post, zone, commandNames.For(post.Address.Platform)), cancellationToken);
            }

            return;
        }

        await PublishAsync(post, [WaitingPostState.Scheduled, WaitingPostState.Publishing], send, cancellationToken);
    }

    /// <summary><c>/queue</c>: the scheduled posts, each with a Cancel button.</summary>
    public async Task QueueAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var address = request.Address;
        var posts = await waiting.ListAsync(address.Platform, address.UserId, [WaitingPostState.Scheduled, WaitingPostState.Late], cancellationToken);
        var zone = await schedules.ZoneOfAsync(address, cancellationToken);
        await send(ScheduleReplies.Queue(posts, zone, time.GetUtcNow(), commandNames.For(address.Platform)), cancellationToken);
    }

    /// <summary><c>/cancel &lt;number&gt;</c>.</summary>
    public async Task CancelAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var typed = request.Text.Trim().TrimStart('#');
        if (!long.TryParse(typed, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            await send(ChatReply.Error($"Which one? Send {commands.WithNumber(commands.Cancel, 7)} with the number {commands.Queue} shows."), cancellationToken);
            return;
        }

        await send(await CancelNowAsync(request.Address, number, commands, cancellationToken), cancellationToken);
    }

    /// <summary><c>/timezone</c> shows the zone; <c>/timezone Europe/Berlin</c> sets it.</summary>
    public async Task TimeZoneAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var name = request.Text.Trim();
        var now = time.GetUtcNow();
        if (name.Length == 0)
        {
            var zone = await schedules.ZoneOfAsync(request.Address, cancellationToken);
            await send(ChatReply.Info($"Your time zone is {zone.Id} (it is {Schedules.Local(now, zone)} there). Send {commands.TimeZone} Europe/Berlin, for example, to change it."), cancellationToken);
            return;
        }

        if (Schedules.FindZone(name) is not { } found)
        {
            await send(ChatReply.Error($"\"{name}\" is not a time zone the bot knows. Use an IANA name such as Europe/Berlin, America/New_York or Asia/Tokyo (see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones)."), cancellationToken);
            return;
        }

        await settings.SetTimeZoneAsync(request.Address.Platform, request.Address.UserId, found.Id, now, cancellationToken);
        await send(ChatReply.Info($"Your time zone is now {found.Id}: it is {Schedules.Local(now, found)} there. Times you schedule are read in it."), cancellationToken);
    }

    /// <summary><c>/settings</c>, <c>/settings preview on|off</c>.</summary>
    public async Task SettingsAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var words = request.Text.Trim().ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var address = request.Address;
        if (words is ["preview", "on" or "off"])
        {
            var on = words[1] == "on";
            await settings.SetPreviewByDefaultAsync(address.Platform, address.UserId, on, time.GetUtcNow(), cancellationToken);
            await send(ChatReply.Info(on
                ? $"From now on {commands.Post} shows a preview first, with Publish, Schedule and Cancel buttons."
                : $"From now on {commands.Post} publishes at once."), cancellationToken);
            return;
        }

        var current = await settings.GetAsync(address.Platform, address.UserId, cancellationToken);
        var zone = await schedules.ZoneOfAsync(address, cancellationToken);
        await send(ChatReply.Info(
            $"Preview before publishing: {(current.PreviewByDefault ? "on" : "off")} — {commands.Settings} preview {(current.PreviewByDefault ? "off" : "on")} changes it.\n" +
            $"Time zone: {zone.Id} — {commands.TimeZone} <IANA name> changes it."), cancellationToken);
    }

    /// <summary>
    /// Whether a request can be kept as a scheduled post or a draft: its text and at most one image (a waiting post
    /// stores one image reference; albums, documents and videos are published at once).
    /// </summary>
    public static bool CanWait(ChatRequest request) => request.Attachments.Count == 0 || request.Attachments is [] or [{ Kind: AttachmentKind.Image }];

    private static ChatAttachment? OneImage(ChatRequest request) => request.Attachments is [var one] ? one : null;

    /// <summary><c>/draft &lt;text&gt;</c> (and <c>/post</c> for users who asked for a preview first).</summary>
    public async Task DraftAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        if (!CanWait(request))
        {
            await send(ChatReply.Error(AttachmentReplies.OnlyTextAndOneImageWait(commands.Post)), cancellationToken);
            return;
        }

        var text = PostText.WithoutControlCharacters(request.Text).Trim();
        if (text.Length == 0 && OneImage(request) is null)
        {
            await send(ChatReply.Error($"Nothing to preview. Send {commands.Draft} followed by your text."), cancellationToken);
            return;
        }

        if (text.Length > LittleText.MaxPostLength)
        {
            await send(OutcomeReplies.For(OutcomeReplies.TooLong(text.Length, LittleText.MaxPostLength), commands), cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var image = OneImage(request) is { } attached
            ? new WaitingImage(attached.FileName, attached.DeclaredLength, attached.Reference ?? throw new InvalidOperationException("A request's image has no reference."))
            : null;
        var (post, _) = await waiting.AddAsync(
            new WaitingPost(0, request.Address, request.MessageId, request.DisplayName, request.IsGroupChat, text, image, WaitingPostState.Draft, null, now),
            now,
            cancellationToken);
        var draft = ScheduleReplies.Draft(post, commands, await CardTitleAsync(text, OneImage(request) is not null, cancellationToken));
        await send(await NamingThePageAsync(draft, request.Address, await links.FindAsync(request.Address, cancellationToken), cancellationToken), cancellationToken);
    }

    /// <summary>A draft's or scheduled post's answer, saying which page it goes out as when the user posts as one in this chat.</summary>
    private async Task<ChatReply> NamingThePageAsync(ChatReply reply, ChatAddress address, Storage.AccountLink? link, CancellationToken cancellationToken) =>
        link is not null && await pages.CurrentAsync(address, link.Pages, cancellationToken) is { } page
            ? reply with { Text = $"{reply.Text}\n\nIt goes out as {page.Name} (the page you post as in this chat, when it is published)." }
            : reply;

    /// <summary>The title of the card a text post with a link will get, as publishing would fetch it; null without one.</summary>
    private async Task<string?> CardTitleAsync(string text, bool hasImage, CancellationToken cancellationToken)
    {
        var (stripped, noCard) = LinkPreview.LinkCardMaker.StripMarker(text);
        if (hasImage || noCard || LinkPreview.LinkUrls.FindFirst(stripped) is not { } url)
        {
            return null;
        }

        return (await linkPreviews.FetchCardAsync(url, cancellationToken)).Card?.Title;
    }

    /// <summary>A press of a waiting post's button. The owner is checked again here.</summary>
    public async Task PressAsync(ChatRequest request, PressData press, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var post = await waiting.FindAsync(press.Number, cancellationToken);
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

        // Whatever the button's answer, it replaces the message it was on: a decided question loses its buttons.
        ChatReplySender replace = (reply, ct) => send(reply.IsError || reply.IsPressAnswer || reply.IsStatus ? reply : reply with { ReplacesPressedMessage = true }, ct);
        switch (press.Action)
        {
            case PressData.LateNow:
                await PublishAsync(post, [WaitingPostState.Late], replace, cancellationToken);
                break;
            case PressData.DraftPublish:
                await PublishAsync(post, [WaitingPostState.Draft], replace, cancellationToken);
                break;
            case PressData.DraftSchedule when post.State == WaitingPostState.Draft:
                await send(ScheduleReplies.AskForTime(post, commands), cancellationToken);
                break;
            case PressData.DraftSchedule:
                await replace(ScheduleReplies.AlreadyDecided(post), cancellationToken);
                break;
            default:
                await replace(await CancelNowAsync(request.Address, post.Number, commands, cancellationToken), cancellationToken);
                break;
        }
    }

    private async Task ScheduleDraftAsync(ChatRequest request, long number, string when, TimeZoneInfo zone, CommandNames commands, ChatReplySender send, CancellationToken cancellationToken)
    {
        var post = await waiting.FindAsync(number, cancellationToken);
        if (post is null || !ButtonPresses.IsOwner(post.Address, request.Address) || post.State != WaitingPostState.Draft)
        {
            await send(ChatReply.Error($"You have no draft {number}. Send {commands.Draft} <text> to make one."), cancellationToken);
            return;
        }

        var now = time.GetUtcNow();
        var parsed = ScheduleTime.TryParse(when + " .", now, zone);
        if (parsed is null)
        {
            await send(ScheduleReplies.Usage(commands), cancellationToken);
            return;
        }

        if (ScheduleReplies.CheckTime(parsed.At, now, options.Value.MaxScheduleAhead, zone) is { } refusal)
        {
            await send(refusal, cancellationToken);
            return;
        }

        if (!await waiting.MoveAsync(number, [WaitingPostState.Draft], WaitingPostState.Scheduled, parsed.At, now, cancellationToken))
        {
            await send(ScheduleReplies.AlreadyDecided(post), cancellationToken);
            return;
        }

        var scheduled = post with { State = WaitingPostState.Scheduled, DueAt = parsed.At };
        await EnqueueAsync(scheduled, cancellationToken);
        await send(ScheduleReplies.Scheduled(scheduled, zone, now, parsed.Note, await links.FindAsync(request.Address, cancellationToken), commands), cancellationToken);
    }

    private async Task<ChatReply> CancelNowAsync(ChatAddress requester, long number, CommandNames commands, CancellationToken cancellationToken)
    {
        var post = await waiting.FindAsync(number, cancellationToken);
        if (post is null || !ButtonPresses.IsOwner(post.Address, requester))
        {
            return ChatReply.Error($"You have no scheduled post {number}. Send {commands.Queue} to see yours.");
        }

        if (await waiting.MoveAsync(number, Cancellable, WaitingPostState.Cancelled, null, time.GetUtcNow(), cancellationToken))
        {
            logger.LogInformation("Waiting post {Number} cancelled by its author", number);
            return ChatReply.Info(post.State == WaitingPostState.Draft ? $"Draft {number} discarded; nothing was published." : $"Cancelled scheduled post {number}; it will not be published.");
        }

        return ScheduleReplies.AlreadyDecided(post);
    }

    /// <summary>Publishes a waiting post through the post ledger (keyed by its number, so never twice).</summary>
    private async Task PublishAsync(WaitingPost post, WaitingPostState[] from, ChatReplySender send, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (post.State != WaitingPostState.Publishing && !await waiting.MoveAsync(post.Number, from, WaitingPostState.Publishing, null, now, cancellationToken))
        {
            var current = await waiting.FindAsync(post.Number, cancellationToken) ?? post;
            if (current.State != WaitingPostState.Publishing)
            {
                await send(ScheduleReplies.AlreadyDecided(current), cancellationToken);
                return;
            }
        }

        var image = post.Image?.Reopen(post.Address.Platform, mediaSources);

        var request = new ChatRequest(post.Address, post.DisplayName, LedgerKey(post.Number), ChatCommand.Post, post.Text, image, post.IsGroupChat);
        await publisher.PublishAsync(request, send, cancellationToken);
        await waiting.MoveAsync(post.Number, [WaitingPostState.Publishing], WaitingPostState.Published, null, time.GetUtcNow(), CancellationToken.None);
    }

    private Task EnqueueAsync(WaitingPost post, CancellationToken cancellationToken)
    {
        var due = post.DueAt!.Value;
        var job = new ChatRequest(post.Address, post.DisplayName, LedgerKey(post.Number), ChatCommand.RunScheduled, post.Number.ToString(CultureInfo.InvariantCulture), null, post.IsGroupChat);
        return queue.EnqueueAsync(job, $"scheduled-post:{post.Number}:{due.ToUnixTimeMilliseconds()}", cancellationToken, dueAt: due);
    }

    /// <summary>The post ledger's message id of a waiting post's publish: one LinkedIn post per waiting post.</summary>
    internal static string LedgerKey(long number) => "waiting-post:" + number.ToString(CultureInfo.InvariantCulture);
}
