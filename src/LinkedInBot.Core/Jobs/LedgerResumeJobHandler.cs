using System.Text.Json;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Jobs;

/// <summary>
/// Finishes a post the ledger holds without an outcome or without a delivered reply. Queued in the post's chat, so it
/// runs after whatever that chat's jobs still do with it (in this replica or another): by then the post is usually
/// answered and this does nothing.
/// </summary>
internal sealed class LedgerResumeJobHandler(IPostLedger ledger, PostPublisher publisher, ChatNotifications notifications) : IChatJobHandler
{
    public const string JobKind = "ledger-resume";

    public string Kind => JobKind;

    public static NewChatJob For(PostLedgerEntry entry, DateTimeOffset now) =>
        new(ChatRequestQueue.ChatKeyOf(entry.Address), JobKind, JsonSerializer.Serialize(new LedgerResumePayload(entry.Address.Platform, entry.Address.ChatId, entry.MessageId), ChatJobJson.Default.LedgerResumePayload), now, DedupeKey: null);

    public async Task RunAsync(ChatJob job, CancellationToken cancellationToken)
    {
        var key = JsonSerializer.Deserialize(job.Payload, ChatJobJson.Default.LedgerResumePayload)
            ?? throw new InvalidDataException($"Job {job.Id} does not name a ledger entry.");
        if (await ledger.FindAsync(key.Platform, key.ChatId, key.MessageId, cancellationToken) is not { Replied: false } entry)
        {
            return;
        }

        // A resume may say that it is checking first, then answer.
        var turn = 0;
        await publisher.ResumeAsync(
            entry,
            (reply, ct) => notifications.ReplyAsync(entry.Address, reply, new ReplyTurn(job.Id, reply.IsStatus ? turn : turn++), ct),
            cancellationToken);
    }

    // The entry keeps its state; the next start queues it again.
    public Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken) => Task.CompletedTask;
}
