using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Lifecycle;

/// <summary>
/// LinkedIn ends every link after 60 days and gives self-serve apps no refresh token, so the bot tells the user before:
/// once when less than 7 days are left, again when less than 1 day is. At start-up and every <c>Bot:ReminderInterval</c>
/// each replica queues a job per reminder due, in the chat where the link was confirmed; the job's dedupe key
/// (link and threshold) stores it once whichever replicas look at the same time, and the link row remembers which
/// threshold was sent (<c>reminded_days</c>), so a restart never sends it again.
/// </summary>
public sealed class LinkReminderService(
    ILinkLifecycleStore links,
    IChatJobStore jobs,
    ChatJobSignal signal,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<LinkReminderService> logger) : BackgroundService
{
    /// <summary>The thresholds, largest first: a link that crosses both between two checks gets one message, the last one's.</summary>
    internal static readonly int[] ThresholdDays = [7, 1];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(
            options.Value.ReminderInterval,
            time,
            CheckAsync,
            // The next check tries again; nothing is marked as sent that was not.
            ex => logger.LogWarning("Checking for LinkedIn links about to expire failed ({ErrorType}); trying again in {Interval}", ex.GetType().Name, options.Value.ReminderInterval),
            stoppingToken);

    /// <summary>Queues a reminder job for each link that crossed a threshold it was not reminded of; returns how many were new.</summary>
    public async Task<int> CheckAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var queued = 0;
        foreach (var (link, reminded) in await links.GetExpiringAsync(now, now + TimeSpan.FromDays(ThresholdDays[0]), cancellationToken))
        {
            // A link that renews itself never needs its owner (none exist yet: LinkedIn gives no refresh token).
            if (link.RenewsItself || DueThreshold(link.ExpiresAt - now) is not { } days || reminded <= days)
            {
                continue;
            }

            var (_, created) = await jobs.EnqueueAsync(LinkReminderJobHandler.For(link, days, now), now, cancellationToken);
            queued += created ? 1 : 0;
        }

        if (queued > 0)
        {
            logger.LogInformation("Queued {Count} reminder(s) of LinkedIn links about to expire", queued);
            signal.Notify();
        }

        return queued;
    }

    /// <summary>The smallest threshold the time left is under; null when none (or the link has expired).</summary>
    internal static int? DueThreshold(TimeSpan left)
    {
        int? due = null;
        foreach (var days in ThresholdDays)
        {
            if (left > TimeSpan.Zero && left < TimeSpan.FromDays(days))
            {
                due = days;
            }
        }

        return due;
    }
}

/// <summary>
/// Sends one expiry reminder, with a fresh consent link, and records it on the link. Runs in the link's chat, in one
/// replica; a reminder already sent for this link and threshold (or a later one), or a link replaced, deleted or
/// expired since, ends it without a message.
/// </summary>
internal sealed class LinkReminderJobHandler(
    ILinkLifecycleStore links,
    AccountLinking linking,
    ChatNotifications notifications,
    CommandNameBook commandNames,
    TimeProvider time) : IChatJobHandler
{
    public const string JobKind = "link-reminder";

    /// <summary>
    /// How long the consent link in a reminder works. Longer than a /link's 10 minutes: the user reads a reminder when
    /// they read it. Still single use, and still useless to anyone else: the sign-in waits for the one-time code that
    /// only this chat user can send.
    /// </summary>
    internal static readonly TimeSpan ConsentLinkLifetime = TimeSpan.FromHours(24);

    public string Kind => JobKind;

    public static NewChatJob For(AccountLink link, int days, DateTimeOffset now)
    {
        var address = link.Address;
        var linkedAt = StoredTime.ToText(link.LinkedAt);
        var payload = new LinkReminderPayload(address.Platform, address.ChatId, address.UserId, linkedAt, days);
        return new NewChatJob(
            ChatRequestQueue.ChatKeyOf(address),
            JobKind,
            JsonSerializer.Serialize(payload, LifecycleJson.Default.LinkReminderPayload),
            now,
            $"reminder:{address.Platform}:{address.ChatId}:{address.UserId}:{linkedAt}:{days.ToString(CultureInfo.InvariantCulture)}");
    }

    public async Task RunAsync(ChatJob job, CancellationToken cancellationToken)
    {
        var payload = JsonSerializer.Deserialize(job.Payload, LifecycleJson.Default.LinkReminderPayload)
            ?? throw new InvalidDataException($"Job {job.Id} does not name a link.");
        var address = new ChatAddress(payload.Platform, payload.ChatId, payload.UserId);
        var now = time.GetUtcNow();
        if (await links.FindAsync(address, cancellationToken) is not { } current
            || StoredTime.ToText(current.Link.LinkedAt) != payload.LinkedAt
            || !current.Link.IsUsableAt(now)
            || current.Link.RenewsItself
            || current.RemindedDays <= payload.Days)
        {
            return;
        }

        var url = await linking.BeginAsync(address, null, cancellationToken, ConsentLinkLifetime);
        var reply = ReminderReply(current.Link, url, now, commandNames.For(address.Platform));

        // Sent, then recorded: a crash in between sends it once more rather than never.
        await notifications.ReplyAsync(address, reply, new ReplyTurn(job.Id, 0), cancellationToken);
        await links.MarkRemindedAsync(address, current.Link.LinkedAt, payload.Days, CancellationToken.None);
    }

    // The next check queues it again once this job's row (its dedupe key) is pruned.
    public Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken) => Task.CompletedTask;

    internal static ChatReply ReminderReply(AccountLink link, Uri consent, DateTimeOffset now, CommandNames commands)
    {
        var left = link.ExpiresAt - now;
        var when = left < TimeSpan.FromDays(1)
            ? $"in less than a day, at {link.ExpiresAt.UtcDateTime.ToString("HH:mm 'UTC on' d MMMM", CultureInfo.InvariantCulture)}"
            : $"in {(int)Math.Floor(left.TotalDays)} day{((int)Math.Floor(left.TotalDays) == 1 ? string.Empty : "s")}, on {link.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}";
        var hours = (int)ConsentLinkLifetime.TotalHours;
        return new ChatReply(
            $"Your LinkedIn link ({link.MemberName}) expires {when}: LinkedIn ends every link after 60 days. Reconnect now and your posts keep working — " +
            $"open this link (it works once, for {hours} hours; don't share it):\n{consent.AbsoluteUri}\n\n" +
            $"After you sign in, send {commands.LinkWithCode("<code>")} here with the code the page shows. Later, send {commands.Link} for a new link.",
            [new LinkButton("Reconnect LinkedIn", consent)],
            ReplyVisibility.Secret)
        {
            CodeEntry = CodeEntryPrompt.FinishLinking,
        };
    }
}

internal sealed record LinkReminderPayload(
    [property: JsonPropertyName("p")] string Platform,
    [property: JsonPropertyName("c")] string ChatId,
    [property: JsonPropertyName("u")] string UserId,
    [property: JsonPropertyName("la")] string LinkedAt,
    [property: JsonPropertyName("d")] int Days);

[JsonSerializable(typeof(LinkReminderPayload))]
internal sealed partial class LifecycleJson : JsonSerializerContext;
