using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// What adapters ask the core the moment a button is pressed, before anything is stored: may this person press it?
/// Telegram wants its callback query answered at once (a late answer fails with "query is too old") and Discord its
/// interaction within 3 seconds, so a refusal is given right there (Telegram: the callback's answer; Discord: an
/// ephemeral message) and nothing else happens. Allowed presses go through the job runtime like any request, where the
/// core checks again.
/// </summary>
public sealed class ButtonPresses(IPostHistory history, IWaitingPostStore waiting, Approval.TeamApproval approvals)
{
    /// <summary>Null when <paramref name="presser"/> may press the button; else the short answer for them alone.</summary>
    public async Task<ChatReply?> RefusalAsync(ChatAddress presser, string data, CancellationToken cancellationToken)
    {
        if (!PressData.TryParse(data, out var press))
        {
            return PostControlReplies.UnknownButton;
        }

        // Anyone who may post as the page may decide a proposal, not only its author.
        if (press.IsAboutProposal)
        {
            return await approvals.RefusalAsync(presser, press, cancellationToken);
        }

        var owner = press.IsAboutPublishedPost
            ? (await history.FindAsync(press.Number, cancellationToken))?.Address
            : (await waiting.FindAsync(press.Number, cancellationToken))?.Address;
        if (owner is null)
        {
            return PostControlReplies.UnknownButton;
        }

        return IsOwner(owner, presser) ? null : PostControlReplies.NotYours;
    }

    /// <summary>
    /// The text a form should start with for an Edit button (Discord's modal), when <paramref name="presser"/> may edit
    /// the post; null otherwise (the adapter then asks <see cref="RefusalAsync"/> for the words).
    /// </summary>
    public async Task<string?> FormTextAsync(ChatAddress presser, string data, CancellationToken cancellationToken)
    {
        if (!PressData.TryParse(data, out var press) || press.Action != PressData.Edit)
        {
            return null;
        }

        var post = await history.FindAsync(press.Number, cancellationToken);
        return post is not null && post.DeletedAt is null && IsOwner(post.Address, presser) ? post.Text : null;
    }

    /// <summary>Only the person who made a post controls it: the same user on the same platform (in any chat).</summary>
    internal static bool IsOwner(ChatAddress owner, ChatAddress someone) =>
        owner.Platform == someone.Platform && owner.UserId == someone.UserId;
}
