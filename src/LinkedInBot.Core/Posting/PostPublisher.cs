using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.LinkPreview;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// Publishes at most once per chat message. Every request is written to the post ledger before LinkedIn is
/// called; a redelivered message is answered from the ledger; a publish a stop interrupted is finished by
/// <see cref="ResumeAsync"/> or by the redelivery — while re-issuing its create is still safe (LinkedIn answers a
/// duplicate with the original URN), else it ends as <see cref="PublishOutcome.Interrupted"/>. A create LinkedIn
/// left unconfirmed is sent once more, after the attempt has surely ended, for the same reason.
/// </summary>
public sealed class PostPublisher(
    ILinkedInClient linkedIn,
    IAccountLinkStore links,
    IPostLedger ledger,
    ILinkLifecycleStore linkLifecycle,
    IPostHistory history,
    CommandNameBook commandNames,
    LinkCardMaker linkCards,
    AttachmentUploads attachmentUploads,
    Pages.CompanyPages pages,
    Linking.LinkRenewal renewal,
    IOptions<LinkedInResilienceOptions> resilience,
    TimeProvider time,
    ILogger<PostPublisher> logger)
{
    /// <summary>
    /// How long after an unfinished entry was last written its publish may be re-issued. LinkedIn answers a create
    /// identical to one it made within about 10 minutes with 422 naming the original (reference: linkedin-api.md).
    /// The first create goes out right after the entry's last write (the entry itself, or the uploaded image's URN),
    /// so any post it made is younger than that write; a re-issued create starts within 5 minutes of it and ends
    /// within LinkedIn:Resilience:TotalTimeout more, which <see cref="ResumeWindow"/> keeps inside LinkedIn's window.
    /// </summary>
    internal static readonly TimeSpan SafeResumeAge = TimeSpan.FromMinutes(5);

    // LinkedIn's duplicate window, with a minute to spare.
    private static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(9);

    /// <summary>Publishes as the identity the user chose in this chat (/as): themselves, or a company page.</summary>
    public Task PublishAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken) =>
        PublishAsync(request, null, send, cancellationToken);

    /// <summary>
    /// Publishes as <paramref name="page"/> (an approved proposal), or with null as the identity the user chose in this
    /// chat. The caller has checked that the user's link may post as the page.
    /// </summary>
    public async Task PublishAsync(ChatRequest request, PostAuthor? page, ChatReplySender send, CancellationToken cancellationToken)
    {
        var address = request.Address;
        var commands = commandNames.For(address.Platform);

        // "--no-card" is the author's, not the post's: it is not published (issue 12 §1).
        var (text, noCard) = LinkCardMaker.StripMarker(PostText.WithoutControlCharacters(request.Text).Trim());

        // One image goes the way it always has: its bytes in the ledger, its URN in image_urn. Anything else (an
        // album, a document, a video) is kept as references and uploaded file by file (attachments, attachment_urns).
        var attachments = request.Attachments;
        // (A single image with alt text takes the second way too: image_urn has no place for its alt text.)
        var singleImage = attachments is [{ Kind: AttachmentKind.Image, AltText: null or "" } one] ? one : null;
        if (text.Length == 0 && attachments.Count == 0)
        {
            // The platform's own usage line: "reply /post to a message" is Telegram's way, not Discord's.
            await send(ChatReply.Error($"Nothing to publish. {commands.PostUsage}"), cancellationToken);
            return;
        }

        if (text.Length > LittleText.MaxPostLength)
        {
            await send(OutcomeReplies.For(OutcomeReplies.TooLong(text.Length, LittleText.MaxPostLength), commands), cancellationToken);
            return;
        }

        var link = await RenewIfEndedAsync(await links.FindAsync(address, cancellationToken), cancellationToken);
        var refusal = CheckLink(link);

        // A message seen before is answered from the ledger. Asked here only when the answer matters before
        // BeginAsync (which finds a redelivery by itself): the link is gone since, or the image would be downloaded
        // again for nothing. Saves a query per post.
        if (refusal is not null || attachments.Count > 0)
        {
            var existing = await ledger.FindAsync(address.Platform, address.ChatId, request.MessageId, cancellationToken);
            if (existing is not null)
            {
                logger.LogInformation("Message {MessageId} in {Platform} chat {ChatId} was seen before; answering from the ledger", request.MessageId, address.Platform, address.ChatId);
                await FinishAsync(existing, send, cancellationToken);
                return;
            }
        }

        if (refusal is not null)
        {
            await send(OutcomeReplies.For(refusal, commands), cancellationToken);
            return;
        }

        if (singleImage is null && attachments.Count > 0 && AttachmentUploads.Check(attachments) is { } attachmentProblem)
        {
            await send(ChatReply.Error(attachmentProblem), cancellationToken);
            return;
        }

        byte[]? image = null;
        if (singleImage is not null)
        {
            var (bytes, problem) = await ReadImageAsync(singleImage, cancellationToken);
            if (problem is not null)
            {
                await send(ChatReply.Error(problem), cancellationToken);
                return;
            }

            image = bytes;
        }

        var author = page;
        if (author is null)
        {
            var (chosen, problem) = await pages.ResolveAsync(address, link!, cancellationToken);
            if (problem is not null)
            {
                await send(problem, cancellationToken);
                return;
            }

            author = chosen;
        }

        var stored = singleImage is null ? attachments.Select(a => a.ToReference()).ToList() : [];
        var (entry, created) = await ledger.BeginAsync(address, request.MessageId, text, image, stored, time.GetUtcNow(), cancellationToken, author);
        if (!created)
        {
            logger.LogInformation("Message {MessageId} in {Platform} chat {ChatId} was seen before; answering from the ledger", request.MessageId, address.Platform, address.ChatId);
            await FinishAsync(entry, send, cancellationToken);
            return;
        }

        if (attachments is [var picture, ..])
        {
            await RememberImageNameAsync(entry.Id, picture.FileName);
        }
        else if (noCard && LinkCardMaker.Wants(text))
        {
            entry = await linkCards.RecordNoCardAsync(entry, cancellationToken);
        }

        var outcome = await RunAsync(entry, link, cancellationToken, opened: singleImage is null ? attachments : null, status: send);
        await ReplyAsync(entry, outcome, commands, send, cancellationToken);
    }

    /// <summary>
    /// Finishes a ledger entry a crash left behind: publishes it if it has no outcome, then delivers its reply
    /// through <paramref name="send"/>.
    /// </summary>
    public async Task ResumeAsync(PostLedgerEntry entry, ChatReplySender send, CancellationToken cancellationToken)
    {
        // A redelivery may have finished it since the snapshot was taken: then its reply is out already.
        var current = await ledger.FindAsync(entry.Address.Platform, entry.Address.ChatId, entry.MessageId, cancellationToken);
        if (current is null || current.Replied)
        {
            return;
        }

        await FinishAsync(current, send, cancellationToken);
    }

    private async Task FinishAsync(PostLedgerEntry entry, ChatReplySender send, CancellationToken cancellationToken)
    {
        var outcome = entry.Outcome;
        if (outcome is null)
        {
            var link = await RenewIfEndedAsync(await links.FindAsync(entry.Address, cancellationToken), cancellationToken);
            outcome = await ResumeCutOffAsync(entry, link, send, cancellationToken);
        }

        await ReplyAsync(entry, outcome, commandNames.For(entry.Address.Platform), send, cancellationToken);
    }

    // Bookkeeping for a later edit only: never worth failing a publish over.
    private async Task RememberImageNameAsync(long entryId, string fileName)
    {
        try
        {
            await history.SetImageNameAsync(entryId, fileName, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The ledger could not remember the image name of entry {EntryId}", entryId);
        }
    }

    private async Task ReplyAsync(PostLedgerEntry entry, PublishOutcome outcome, CommandNames commands, ChatReplySender send, CancellationToken cancellationToken)
    {
        var (entryId, text) = (entry.Id, entry.Text);
        // A published post's reply carries its number and the buttons to delete or edit it.
        var reply = outcome is PublishOutcome.Published published
            ? PostControlReplies.Published(published, entryId, text, commands)
            : OutcomeReplies.For(outcome, commands);
        if (entry.Author is { } page)
        {
            // The reply names the page, so nobody takes a page's post for their own or the other way round.
            reply = outcome switch
            {
                PublishOutcome.MissingPermission => Pages.PageReplies.PageRefused(page.Name, commands),
                PublishOutcome.Published => reply with { Text = reply.Text.StartsWith("Published on LinkedIn:", StringComparison.Ordinal) ? $"Published on LinkedIn as {page.Name}:" + reply.Text["Published on LinkedIn:".Length..] : $"As {page.Name}: {reply.Text}" },
                _ => reply,
            };
        }

        if (outcome is PublishOutcome.Published { WasAlreadyPublished: false } && LinkCardMaker.Wants(text)
            && await FindCardNoteAsync(entry, cancellationToken) is { } note)
        {
            reply = reply with { Text = reply.Text + "\n\n" + note };
        }
        await send(reply, cancellationToken);
        try
        {
            await ledger.MarkRepliedAsync(entryId, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The reply is out; an apology after it would contradict it. At worst the next start sends it again.
            logger.LogError(ex, "The ledger could not record the reply to entry {EntryId}", entryId);
        }
    }

    /// <summary>Why a published text post has no link card (or no picture on it), from the ledger; null when all is well.</summary>
    private async Task<string?> FindCardNoteAsync(PostLedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            var current = await ledger.FindAsync(entry.Address.Platform, entry.Address.ChatId, entry.MessageId, cancellationToken);
            return LinkCardMaker.MissingNote(current?.LinkCard);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The ledger could not say why entry {EntryId} has no link card", entry.Id);
            return null;
        }
    }

    /// <summary>
    /// Finishes an entry found without an outcome by a later request of its chat (a redelivery, the start-up resume,
    /// the retry of a job): its publish was cut off, maybe after the create was sent — by a kill, by a replica that lost
    /// this chat, or in this process by a lost lease or the end of a shutdown's grace period. A chat's requests run one
    /// at a time in one replica (<see cref="Jobs.ChatJobRunner"/>), so no publish of it is running anywhere else now:
    /// whoever sent the create sends nothing more (a live replica stops before it gives the chat up, see
    /// <see cref="RunAsync"/>). But the attempt it had in flight may still be running at LinkedIn, whose duplicate check
    /// cannot see it yet: the create is sent again only once that attempt has surely ended, and only while LinkedIn's
    /// duplicate check still covers the first one (<see cref="ResumeWindow"/>).
    /// </summary>
    private async Task<PublishOutcome> ResumeCutOffAsync(PostLedgerEntry entry, AccountLink? link, ChatReplySender send, CancellationToken cancellationToken)
    {
        // Answered but without an outcome (the ledger failed to store it): what happened is unknown here.
        if (entry.Replied)
        {
            return await FinishWithAsync(entry, new PublishOutcome.Interrupted());
        }

        var wait = resilience.Value.InFlightCreateBound;
        if (time.GetUtcNow() + wait - entry.UpdatedAt > ResumeWindow)
        {
            return await FinishWithAsync(entry, new PublishOutcome.Interrupted());
        }

        // Counted from now, not from when the notice is out.
        var settled = Task.Delay(wait, time, cancellationToken);
        logger.LogInformation("Entry {EntryId} was cut off while publishing; creating it again in {Wait} unless its outcome arrives", entry.Id, wait);
        await send(ChatReply.Info(OutcomeReplies.CheckingCutOffPost), cancellationToken);
        await settled;

        // The replica that lost the chat may have recorded the outcome just in time.
        var current = await ledger.FindAsync(entry.Address.Platform, entry.Address.ChatId, entry.MessageId, cancellationToken);
        return current?.Outcome ?? await RunAsync(current ?? entry, link, cancellationToken, reissue: true, status: send);
    }

    /// <summary>
    /// How long after an entry's last write its create may still be re-issued: <see cref="SafeResumeAge"/>, less
    /// where LinkedIn:Resilience:TotalTimeout would let the re-issued create run past LinkedIn's duplicate window.
    /// </summary>
    private TimeSpan ResumeWindow
    {
        get
        {
            var window = DuplicateWindow - resilience.Value.TotalTimeout;
            return window < SafeResumeAge ? window : SafeResumeAge;
        }
    }

    /// <summary>
    /// Publishes and records the outcome. Runs on the token of the request's job, which ends when this replica gives the
    /// chat up (a lost lease, the end of a shutdown's grace period): then nothing more goes to LinkedIn from here, and
    /// the chat's next holder finishes the entry (<see cref="ResumeCutOffAsync"/>).
    /// </summary>
    /// <param name="reissue">
    /// The create may have been sent before: LinkedIn naming an earlier post is then this message's own post, not one
    /// the user published before (<see cref="PublishOutcome.Published.WasAlreadyPublished"/>).
    /// </param>
    /// <param name="opened">The request's own attachments, when it is at hand (else they are opened again from the entry's references).</param>
    /// <param name="status">Where a long upload's progress goes (<see cref="ChatReply.Status"/>).</param>
    private async Task<PublishOutcome> RunAsync(PostLedgerEntry entry, AccountLink? link, CancellationToken cancellationToken, bool reissue = false, IReadOnlyList<ChatAttachment>? opened = null, ChatReplySender? status = null)
    {
        if (CheckLink(link) is { } refusal)
        {
            return await FinishWithAsync(entry, refusal);
        }

        var outcome = Own(await CallLinkedInAsync(entry, link!, opened, status, cancellationToken), reissue);

        // A 401 ends a link that has no way back; one with a refresh token is renewed and the post tried once more (a
        // refused token created nothing, so the second create is not a duplicate).
        if (outcome is PublishOutcome.LinkExpired && link!.RefreshToken is not null && await renewal.RenewAsync(link, cancellationToken) is { } renewed)
        {
            link = renewed;
            outcome = Own(await CallLinkedInAsync(entry, renewed, opened, status, cancellationToken), reissue);
        }

        return await FinishWithAsync(entry, await RereadPagesIfRefusedAsync(entry, link!, await ExpireIfRefusedAsync(link!, outcome)));
    }

    /// <summary>A link whose access token has ended but whose refresh token works is renewed before it is used.</summary>
    private async Task<AccountLink?> RenewIfEndedAsync(AccountLink? link, CancellationToken cancellationToken) =>
        link is { IsUnreadable: false, RefreshToken: not null } && !link.IsUsableAt(time.GetUtcNow())
            ? await renewal.RenewAsync(link, cancellationToken) ?? link
            : link;

    /// <summary>
    /// LinkedIn refused a post as a page (403): the member's role on it was most likely taken away, so the pages are
    /// read again and the page leaves the list. Bookkeeping: a failure is logged, the outcome stands.
    /// </summary>
    private async Task<PublishOutcome> RereadPagesIfRefusedAsync(PostLedgerEntry entry, AccountLink link, PublishOutcome outcome)
    {
        if (outcome is PublishOutcome.MissingPermission && entry.Author is not null)
        {
            try
            {
                await pages.RefreshAsync(link, CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Could not read the pages of {Platform} user {UserId} again ({ErrorType})", link.Address.Platform, link.Address.UserId, ex.GetType().Name);
            }
        }

        return outcome;
    }

    private static PublishOutcome Own(PublishOutcome outcome, bool reissue) =>
        reissue && outcome is PublishOutcome.Published { WasAlreadyPublished: true } published ? published with { WasAlreadyPublished = false } : outcome;

    /// <summary>
    /// LinkedIn refused the token (401: expired or revoked before its date): the link ends now, so /status stops
    /// calling it valid and no expiry reminder is sent for it. Bookkeeping: a failure is logged, the outcome stands.
    /// </summary>
    private async Task<PublishOutcome> ExpireIfRefusedAsync(AccountLink link, PublishOutcome outcome)
    {
        if (outcome is PublishOutcome.LinkExpired)
        {
            try
            {
                await linkLifecycle.MarkExpiredAsync(link.Address, link.LinkedAt, time.GetUtcNow(), CancellationToken.None);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Could not mark the LinkedIn link of {Platform} user {UserId} as expired ({ErrorType})", link.Address.Platform, link.Address.UserId, ex.GetType().Name);
            }
        }

        return outcome;
    }

    private async Task<PublishOutcome> FinishWithAsync(PostLedgerEntry entry, PublishOutcome outcome)
    {
        // Logged first: if the ledger cannot store it, the log still names the post.
        LogOutcome(entry, outcome);
        try
        {
            await ledger.CompleteAsync(entry.Id, outcome, time.GetUtcNow(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The user still hears what happened on LinkedIn: a live post answered with "something went wrong"
            // invites a second one. The entry stays unfinished, for a resume within SafeResumeAge or Interrupted.
            logger.LogError(ex, "The ledger could not store the outcome of entry {EntryId} ({Outcome})", entry.Id, outcome.GetType().Name);
        }

        return outcome;
    }

    private async Task<PublishOutcome> CallLinkedInAsync(PostLedgerEntry entry, AccountLink link, IReadOnlyList<ChatAttachment>? opened, ChatReplySender? status, CancellationToken cancellationToken)
    {
        var imageUrn = entry.ImageUrn;
        LinkedInArticle? article = null;
        IReadOnlyList<LinkedInMedia>? media = null;
        if (entry.Attachments.Count > 0)
        {
            var (uploaded, failure) = await UploadAttachmentsAsync(entry, link, opened, status, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            media = uploaded;
        }
        else if (entry.Image is null && (entry.LinkCard is not null || LinkCardMaker.Wants(entry.Text)))
        {
            // A text post with a link: LinkedIn makes no card for API posts, so the bot sends one (a post with an
            // image keeps its image). The card's picture is in image_urn; it is only ever sent as the thumbnail.
            article = await linkCards.PrepareAsync(entry, link.AccessToken, AuthorOf(entry, link), cancellationToken);
            imageUrn = null;
        }
        else if (imageUrn is null && entry.Image is { Length: > 0 } image)
        {
            // LinkedIn: "all images … owned by the author or organization" (reference linkedin-api.md §11).
            var upload = await linkedIn.UploadImageAsync(link.AccessToken, AuthorOf(entry, link), image, cancellationToken);
            if (upload.Value is null)
            {
                return upload.Failure ?? new PublishOutcome.Unavailable("image upload failed");
            }

            imageUrn = upload.Value;
            await ledger.SetImageUrnAsync(entry.Id, imageUrn, time.GetUtcNow(), cancellationToken);
        }

        var outcome = await CreateAsync(link, AuthorOf(entry, link), entry.Text, imageUrn, article, media, cancellationToken);
        if (outcome is not PublishOutcome.Unconfirmed)
        {
            return outcome;
        }

        // Settled here, not by the user: once the attempt has surely ended, the identical create is answered with the
        // original post if the first one made it (LinkedIn's duplicate check), or makes the post if it did not.
        // Only while LinkedIn's duplicate check still covers the first create (it went out after the entry's last
        // write) until the second one, retries included, has ended; else the user is asked to check.
        var wait = resilience.Value.InFlightCreateBound;
        if (time.GetUtcNow() + wait + resilience.Value.TotalTimeout - entry.UpdatedAt > DuplicateWindow)
        {
            logger.LogWarning("LinkedIn did not confirm the post of entry {EntryId}, too late to send the same create again safely", entry.Id);
            return outcome;
        }

        var settled = Task.Delay(wait, time, cancellationToken);
        logger.LogWarning("LinkedIn did not confirm the post of entry {EntryId}; sending the same create again in {Wait}", entry.Id, wait);
        await settled;
        var again = await CreateAsync(link, AuthorOf(entry, link), entry.Text, imageUrn, article, media, cancellationToken);

        // A second create that surely did not reach LinkedIn says nothing about the first; one LinkedIn answers with an
        // earlier post names the first create's.
        return again is PublishOutcome.Unavailable ? outcome : Own(again, reissue: true);
    }

    private Task<PublishOutcome> CreateAsync(AccountLink link, string authorUrn, string text, string? imageUrn, LinkedInArticle? article, IReadOnlyList<LinkedInMedia>? media, CancellationToken cancellationToken) =>
        media is not null ? linkedIn.CreateMediaPostAsync(link.AccessToken, authorUrn, text, media, cancellationToken)
        : article is null
            ? linkedIn.CreatePostAsync(link.AccessToken, authorUrn, text, imageUrn, cancellationToken)
            : linkedIn.CreatePostAsync(link.AccessToken, authorUrn, text, imageUrn, article, cancellationToken);

    /// <summary>The author recorded in the ledger (a page), else the member: a resume posts as the first attempt did.</summary>
    private static string AuthorOf(PostLedgerEntry entry, AccountLink link) => entry.Author?.Urn ?? link.MemberUrn;

    /// <summary>
    /// Uploads the entry's attachments that have no URN yet, in order, recording each URN before the next upload and
    /// all of them before the create: a resume uploads none again, and a redelivery finds them in the ledger.
    /// </summary>
    private async Task<(IReadOnlyList<LinkedInMedia>? Media, PublishOutcome? Failure)> UploadAttachmentsAsync(
        PostLedgerEntry entry, AccountLink link, IReadOnlyList<ChatAttachment>? opened, ChatReplySender? status, CancellationToken cancellationToken)
    {
        var urns = entry.AttachmentUrns.ToList();
        for (var i = urns.Count; i < entry.Attachments.Count; i++)
        {
            var attachment = opened is { } live && live.Count == entry.Attachments.Count
                ? live[i]
                : attachmentUploads.Reopen(entry.Address.Platform, entry.Attachments[i]);
            LinkedInResult<string> upload;
            if (attachment.Kind == AttachmentKind.Video && status is not null)
            {
                // A video takes minutes: its progress is shown, and the last status is out before anything else is said.
                var reporter = new ChatStatusReporter(status, time, logger, cancellationToken);
                upload = await attachmentUploads.UploadAsync(attachment, link, AuthorOf(entry, link), cancellationToken, new VideoUploadStatus(reporter));
                if (upload.Succeeded)
                {
                    reporter.Show(VideoReplies.Ready, milestone: true);
                }

                await reporter.CompleteAsync();
            }
            else
            {
                upload = await attachmentUploads.UploadAsync(attachment, link, AuthorOf(entry, link), cancellationToken);
            }

            if (upload.Value is null)
            {
                return (null, upload.Failure ?? new PublishOutcome.Unavailable("upload failed"));
            }

            urns.Add(upload.Value);
            await ledger.SetAttachmentUrnsAsync(entry.Id, urns, time.GetUtcNow(), cancellationToken);
        }

        return (entry.Attachments.Select((a, i) => a.Kind switch
        {
            AttachmentKind.Document => new LinkedInMedia(urns[i], Title: LinkedInDocumentRules.Title(a.FileName)),
            AttachmentKind.Image => new LinkedInMedia(urns[i], AltText: string.IsNullOrWhiteSpace(a.AltText) ? null : a.AltText),
            _ => new LinkedInMedia(urns[i]),
        }).ToList(), null);
    }

    private PublishOutcome? CheckLink(AccountLink? link)
    {
        if (link is null)
        {
            return new PublishOutcome.NotLinked();
        }

        if (!link.IsUsableAt(time.GetUtcNow()))
        {
            return new PublishOutcome.LinkExpired();
        }

        return null;
    }

    private static async Task<(byte[]? Bytes, string? Problem)> ReadImageAsync(ChatAttachment image, CancellationToken cancellationToken)
    {
        var max = LinkedInImageRules.MaxBytes;
        if (image.DeclaredLength > max)
        {
            return (null, LinkedInImageRules.TooBig(image.DeclaredLength.Value) + " Send a smaller one.");
        }

        byte[] bytes;
        try
        {
            await using var stream = await image.OpenAsync(cancellationToken);
            var (read, length) = await ReadAtMostAsync(stream, image.DeclaredLength, max, cancellationToken);
            if (read is null)
            {
                return (null, LinkedInImageRules.TooBig(length) + " Send a smaller one.");
            }

            bytes = read;
        }
        catch (ChatImageUnavailableException ex) when (ex.Problem == ChatImageProblem.TooLarge)
        {
            var limit = ex.LimitBytes is { } most ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" {most / (1024.0 * 1024.0):0.#} MB,") : string.Empty;
            return (null, $"The image is larger than{limit} the most the bot may download from the chat. Nothing was published.");
        }
        catch (ChatImageUnavailableException)
        {
            return (null, "The image is no longer at hand (the chat keeps it for the bot only a while, or the bot restarted in between). Send or share it again. Nothing was published.");
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or InvalidOperationException or TimeoutException or Polly.ExecutionRejectedException)
        {
            return (null, "The image could not be downloaded from the chat. Nothing was published; send it again.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // A download's own time limit, not a shutdown.
            return (null, "The image could not be downloaded from the chat in time. Nothing was published; send it again.");
        }

        var problem = LinkedInImageRules.Check(bytes);
        return problem is null ? (bytes, null) : (null, problem);
    }

    /// <summary>
    /// The stream's bytes, or null with the length seen so far once it passes <paramref name="max"/>. Adapters
    /// download into memory (Telegram, Discord), and that buffer is taken as it is: a copy of a 20 MB image, or a
    /// buffer doubling its way up to it, would triple what an image post holds in memory.
    /// </summary>
    internal static async Task<(byte[]? Bytes, long Length)> ReadAtMostAsync(Stream stream, long? declaredLength, long max, CancellationToken cancellationToken)
    {
        if (stream is MemoryStream memory && memory.Position == 0 && memory.TryGetBuffer(out var held)
            && held.Offset == 0 && held.Count == held.Array!.Length)
        {
            return held.Count > max ? (null, held.Count) : (held.Array, held.Count);
        }

        // Sized from the declared length, so a stream that keeps its word needs neither growing nor a final copy.
        using var buffer = new MemoryStream((int)Math.Clamp(declaredLength ?? 0, 0, max));
        var chunk = new byte[81920];
        int count;
        while ((count = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, count);
            if (buffer.Length > max)
            {
                return (null, buffer.Length);
            }
        }

        return (buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(), buffer.Length);
    }

    private void LogOutcome(PostLedgerEntry entry, PublishOutcome outcome)
    {
        // A retired API version is logged as an error, with the setting to change, by the LinkedIn client.
        if (outcome is PublishOutcome.Published p)
        {
            logger.LogInformation("Published {Urn} for {Platform} user {UserId}", p.Urn, entry.Address.Platform, entry.Address.UserId);
        }
        else
        {
            logger.LogWarning("Post for {Platform} user {UserId} ended as {Outcome}", entry.Address.Platform, entry.Address.UserId, outcome.GetType().Name);
        }
    }
}
