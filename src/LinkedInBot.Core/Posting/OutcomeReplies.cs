using System.Globalization;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// The one place where a publish outcome becomes what the user reads: what happened and what to do next.
/// Operator details (status codes, LinkedIn's raw messages) go to the log, not here.
/// </summary>
public static class OutcomeReplies
{
    public static ChatReply For(PublishOutcome outcome, CommandNames commands) => outcome switch
    {
        PublishOutcome.Published { WasAlreadyPublished: true } p => new ChatReply(
            $"Already published: you posted this text on LinkedIn a few minutes ago, so nothing new was posted. {p.Url}",
            [new LinkButton("Open on LinkedIn", p.Url)],
            ReplyVisibility.Public),
        PublishOutcome.Published p => new ChatReply(
            $"Published on LinkedIn: {p.Url}",
            [new LinkButton("Open on LinkedIn", p.Url)],
            ReplyVisibility.Public),
        PublishOutcome.NotLinked => ChatReply.Error(
            $"No LinkedIn account is linked yet. Send {commands.Link} to connect yours, then send the post again."),
        PublishOutcome.LinkExpired => ChatReply.Error(
            $"Your LinkedIn link expired or was revoked (LinkedIn links last 60 days). Send {commands.Link} to reconnect, then send the post again."),
        PublishOutcome.MissingPermission => ChatReply.Error(
            $"LinkedIn refused: this account has not granted permission to post. Send {commands.Link} and allow posting; if it keeps failing, ask the bot's operator to add the \"Share on LinkedIn\" product to the LinkedIn app."),
        PublishOutcome.RateLimited => ChatReply.Error(
            "LinkedIn is limiting posts right now (at most 150 posts per member per day, reset at 00:00 UTC). Nothing was published; try again later."),
        PublishOutcome.Rejected r => ChatReply.Error($"LinkedIn did not accept this post: {r.Reason}"),
        PublishOutcome.VersionRetired => ChatReply.Error(
            "Posting is unavailable: the bot uses a LinkedIn API version that LinkedIn has retired. Nothing was published. Please tell the bot's operator (setting LinkedIn:ApiVersion)."),
        PublishOutcome.Unavailable => ChatReply.Error(
            "LinkedIn is not answering right now, so nothing was published. Try again in a few minutes."),
        PublishOutcome.Unconfirmed => ChatReply.Error(
            "LinkedIn did not confirm this post, also when the bot asked again, so it may or may not be on LinkedIn. Check your LinkedIn profile; if it is not there, send it again in a few minutes."),
        PublishOutcome.Interrupted => ChatReply.Error(
            "The bot stopped while it was publishing this post, and it is too late to finish it safely: it may or may not be on LinkedIn. Check your LinkedIn profile, and send it again if it is not there."),
        PublishOutcome.AttachmentProblem problem => ChatReply.Error(problem.Reason),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "Unknown outcome."),
    };

    /// <summary>Sent before the wait for an attempt a cut-off publish may still have at LinkedIn, so the user is not left wondering.</summary>
    public const string CheckingCutOffPost =
        "The bot was interrupted while publishing this post. It is checking with LinkedIn whether the post went out, and answers in a few seconds.";

    /// <summary>Refusal of a too-long post, with the counts so the user knows how much to cut.</summary>
    public static PublishOutcome TooLong(int length, int max) => new PublishOutcome.Rejected(string.Create(
        CultureInfo.InvariantCulture,
        $"it has {length:N0} characters and LinkedIn allows {max:N0}. Shorten it by {length - max:N0} and send it again."));
}
