using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.Approval;

/// <summary>The words of team approval: the proposal in the chat and what became of it.</summary>
public static class ApprovalReplies
{
    public static ChatReply Proposed(Proposal proposal) =>
        new($"{Who(proposal)} proposes a post for {proposal.OrganizationName}. It awaits approval by someone who may post as the page:\n\n{Body(proposal)}", [], ReplyVisibility.Public)
        {
            Actions =
            [
                new ActionButton("Approve", PressData.Of(PressData.Approve, proposal.Id)),
                new ActionButton("Reject", PressData.Of(PressData.Reject, proposal.Id)),
            ],
        };

    /// <summary>A proposal keeps its text and one image (like a draft): an album, a document or a video is not proposed.</summary>
    public static ChatReply OnlyTextAndOneImage(string pageName) => ChatReply.Error(
        $"Posts in this chat go to {pageName} once approved, and a proposal keeps its text and one image only: an album, a document or a video cannot be proposed. Nothing was proposed or published; send the text with one image, or ask someone who may post as {pageName} to post it.");

    public static ChatReply NotAnApprover(Proposal proposal) => new($"Only someone whose LinkedIn account may post as {proposal.OrganizationName} can approve or reject this.", [])
    {
        IsPressAnswer = true,
    };

    public static ChatReply AlreadyDecided(Proposal proposal) => new(
        proposal.State == Proposal.Approved ? $"Already approved by {proposal.DecidedByName}." : $"Already rejected by {proposal.DecidedByName}.",
        [])
    {
        IsPressAnswer = true,
    };

    public static ChatReply Rejected(Proposal proposal, string rejectedBy) =>
        new($"Rejected by {rejectedBy}: this post by {Who(proposal)} was not published on {proposal.OrganizationName}.\n\n{Body(proposal)}", [], ReplyVisibility.Public)
        {
            ReplacesPressedMessage = true,
        };

    public static ChatReply Approved(Proposal proposal, string approvedBy, Uri url) =>
        new($"Approved by {approvedBy} and published on LinkedIn as {proposal.OrganizationName}: {url}\n\n{Body(proposal)}", [new LinkButton("Open on LinkedIn", url)], ReplyVisibility.Public)
        {
            ReplacesPressedMessage = true,
        };

    public static ChatReply ApprovedButNotPublished(Proposal proposal, string approvedBy, string why) =>
        new($"Approved by {approvedBy}, but it was not published on {proposal.OrganizationName}: {why}\nPropose it again once that is sorted out.\n\n{Body(proposal)}", [], ReplyVisibility.Public, IsError: true)
        {
            ReplacesPressedMessage = true,
        };

    public static ChatReply ProposerTold(Proposal proposal, string approvedBy, Uri url) =>
        ChatReply.Info($"{Who(proposal)}, your post for {proposal.OrganizationName} was approved by {approvedBy} and published: {url}", ReplyVisibility.Public);

    private static string Who(Proposal proposal) => string.IsNullOrWhiteSpace(proposal.ProposerName) ? "A member" : proposal.ProposerName;

    private static string Body(Proposal proposal) => proposal.Image is null ? proposal.Text : $"{proposal.Text}\n(with a picture)".TrimStart('\n');
}
