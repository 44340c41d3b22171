using System.Collections.Concurrent;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// Publishes at most once per chat message. Every request is written to the post ledger before LinkedIn is
/// called; a redelivered message is answered from the ledger; a publish a stop interrupted is finished by
/// <see cref="ResumeAsync"/> or by the redelivery — while re-issuing its create is still safe (LinkedIn answers a
/// duplicate with the original URN), else it ends as <see cref="PublishOutcome.Interrupted"/>.
/// </summary>
public sealed class PostPublisher(
    ILinkedInClient linkedIn,
    IAccountLinkStore links,
    IPostLedger ledger,
    IPostHistory history,
    CommandNameBook commandNames,
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

    // Added to the wait for an earlier run's create: the client may have given up on an attempt LinkedIn still runs.
    private static readonly TimeSpan SettleMargin = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a finished publish stays joinable. The delivery that wrote the entry starts its publish only when its
    /// own continuation runs; another delivery of the same message may start, finish and leave first (a starved
    /// thread pool), and the late one must then join that outcome instead of creating the post again.
    /// </summary>
    private static readonly TimeSpan JoinableAfterFinish = TimeSpan.FromMinutes(1);

    // Joins concurrent deliveries of the same message to the one publish in flight (or just finished).
    private readonly ConcurrentDictionary<long, Lazy<Task<PublishOutcome>>> _inFlight = new();

    // This process never abandons a publish it started (see RunOnceAsync), so only entries written before it
    // started can have been cut off.
    private readonly DateTimeOffset _startedAt = time.GetUtcNow();

    public async Task PublishAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var address = request.Address;
        var commands = commandNames.For(address.Platform);

        var text = PostText.WithoutControlCharacters(request.Text).Trim();
        if (text.Length == 0 && request.Image is null)
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

        var link = await links.FindAsync(address, cancellationToken);
        var refusal = CheckLink(link);

        // A message seen before is answered from the ledger. Asked here only when the answer matters before
        // BeginAsync (which finds a redelivery by itself): the link is gone since, or the image would be downloaded
        // again for nothing. Saves a query per post.
        if (refusal is not null || request.Image is not null)
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

        byte[]? image = null;
        if (request.Image is not null)
        {
            var (bytes, problem) = await ReadImageAsync(request.Image, cancellationToken);
            if (problem is not null)
            {
                await send(ChatReply.Error(problem), cancellationToken);
                return;
            }

            image = bytes;
        }

        var (entry, created) = await ledger.BeginAsync(address, request.MessageId, text, image, time.GetUtcNow(), cancellationToken);
        if (!created)
        {
            logger.LogInformation("Message {MessageId} in {Platform} chat {ChatId} was seen before; answering from the ledger", request.MessageId, address.Platform, address.ChatId);
            await FinishAsync(entry, send, cancellationToken);
            return;
        }

        if (request.Image is { } picture)
        {
            await RememberImageNameAsync(entry.Id, picture.FileName);
        }

        var outcome = await RunOnceAsync(entry, link, recheck: false, cancellationToken);
        await ReplyAsync(entry.Id, entry.Text, outcome, commands, send, cancellationToken);
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
            var link = await links.FindAsync(entry.Address, cancellationToken);
            outcome = await RunOnceAsync(entry, link, recheck: true, cancellationToken);
        }

        await ReplyAsync(entry.Id, entry.Text, outcome, commandNames.For(entry.Address.Platform), send, cancellationToken);
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

    private async Task ReplyAsync(long entryId, string text, PublishOutcome outcome, CommandNames commands, ChatReplySender send, CancellationToken cancellationToken)
    {
        // A published post's reply carries its number and the buttons to delete or edit it.
        var reply = outcome is PublishOutcome.Published published
            ? PostControlReplies.Published(published, entryId, text, commands)
            : OutcomeReplies.For(outcome, commands);
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

    /// <param name="recheck">
    /// The entry was read before joining: a publish of it may have finished (and, a minute later, left
    /// <c>_inFlight</c>) in between, so the ledger is read again before LinkedIn is called.
    /// </param>
    private async Task<PublishOutcome> RunOnceAsync(PostLedgerEntry entry, AccountLink? link, bool recheck, CancellationToken cancellationToken)
    {
        // The shared publish belongs to no single caller: one delivery giving up (a shutdown grace period ending)
        // must not cancel it for another, and an outcome that arrives late is still recorded (its reply then goes
        // out at the next start). Each caller stops waiting on its own token.
        var lazy = _inFlight.GetOrAdd(entry.Id, _ => new Lazy<Task<PublishOutcome>>(() => RunAndForgetAsync(entry, link, recheck)));
        return await lazy.Value.WaitAsync(cancellationToken);
    }

    private async Task<PublishOutcome> RunAndForgetAsync(PostLedgerEntry entry, AccountLink? link, bool recheck)
    {
        var id = entry.Id;
        try
        {
            var outcome = await RunCheckedAsync(entry, link, recheck);
            _ = Task.Delay(JoinableAfterFinish, time).ContinueWith(finished => _inFlight.TryRemove(id, out _), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return outcome;
        }
        catch
        {
            // A failed publish is not kept: the next delivery tries again.
            _inFlight.TryRemove(id, out _);
            throw;
        }
    }

    private async Task<PublishOutcome> RunCheckedAsync(PostLedgerEntry entry, AccountLink? link, bool recheck)
    {
        // Yield so the Lazy is stored in _inFlight before the slow part starts (and before any removal).
        await Task.Yield();
        if (recheck)
        {
            var current = await ledger.FindAsync(entry.Address.Platform, entry.Address.ChatId, entry.MessageId, CancellationToken.None);
            if (current?.Outcome is { } finished)
            {
                return finished;
            }

            entry = current ?? entry;

            // Nothing of this process publishes it: a stop cut its publish off, maybe after the create was sent.
            // Answered but without an outcome (the ledger failed to store it): what happened is unknown here.
            if (entry.Replied)
            {
                return await FinishWithAsync(entry, new PublishOutcome.Interrupted());
            }

            // Left by an earlier run, back within seconds (a quick restart, maybe one of several): a create that run
            // sent may still be under way at LinkedIn, whose duplicate check cannot see it yet. Every such create left
            // before this process started, so wait until all its attempts have surely ended. (An entry of this run is
            // one whose own publish is just starting: this delivery simply beat it.)
            var settled = entry.UpdatedAt < _startedAt ? _startedAt + resilience.Value.TotalTimeout + SettleMargin : time.GetUtcNow();
            if (settled - entry.UpdatedAt > ResumeWindow)
            {
                return await FinishWithAsync(entry, new PublishOutcome.Interrupted());
            }

            var untilSettled = settled - time.GetUtcNow();
            if (untilSettled > TimeSpan.Zero)
            {
                await Task.Delay(untilSettled, time);
            }
        }

        return await RunAsync(entry, link);
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

    private async Task<PublishOutcome> RunAsync(PostLedgerEntry entry, AccountLink? link) =>
        await FinishWithAsync(entry, CheckLink(link) ?? await CallLinkedInAsync(entry, link!, CancellationToken.None));

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

    private async Task<PublishOutcome> CallLinkedInAsync(PostLedgerEntry entry, AccountLink link, CancellationToken cancellationToken)
    {
        var imageUrn = entry.ImageUrn;
        if (imageUrn is null && entry.Image is { Length: > 0 } image)
        {
            var upload = await linkedIn.UploadImageAsync(link.AccessToken, link.MemberUrn, image, cancellationToken);
            if (upload.Value is null)
            {
                return upload.Failure ?? new PublishOutcome.Unavailable("image upload failed");
            }

            imageUrn = upload.Value;
            await ledger.SetImageUrnAsync(entry.Id, imageUrn, time.GetUtcNow(), cancellationToken);
        }

        return await linkedIn.CreatePostAsync(link.AccessToken, link.MemberUrn, entry.Text, imageUrn, cancellationToken);
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

    private static async Task<(byte[]? Bytes, string? Problem)> ReadImageAsync(ChatImage image, CancellationToken cancellationToken)
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
    private static async Task<(byte[]? Bytes, long Length)> ReadAtMostAsync(Stream stream, long? declaredLength, long max, CancellationToken cancellationToken)
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
