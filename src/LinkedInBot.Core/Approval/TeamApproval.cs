using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Pages;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Approval;

/// <summary>
/// Team approval (issue 14 §2): in a group chat with <c>/approval on &lt;page&gt;</c>, a member's post becomes a proposal
/// with Approve and Reject buttons; a user whose link may post as the page decides it, once. Approving publishes as the
/// page with the approver's token, through the post ledger under <c>proposal:&lt;id&gt;</c> (never twice).
/// </summary>
public sealed class TeamApproval(
    IApprovalStore store,
    IAccountLinkStore links,
    CompanyPages pages,
    PostPublisher publisher,
    IPostLedger ledger,
    IEnumerable<IChatAdmins> admins,
    IEnumerable<IChatMediaSource> mediaSources,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<TeamApproval> logger)
{
    /// <summary>/approval, /approval on &lt;page&gt;, /approval off.</summary>
    public async Task<ChatReply> CommandAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        if (!pages.Enabled)
        {
            return ChatReply.Info(PageReplies.NotEnabled);
        }

        if (!request.IsGroupChat)
        {
            return ChatReply.Info($"Team approval is for group chats: a chat admin sends {commands.Approval} on <page> in the group, and members' posts then wait for a page admin's approval there.");
        }

        var address = request.Address;
        var words = request.Text.Trim();
        var current = await store.FindChatAsync(address.Platform, address.ChatId, cancellationToken);
        if (words.Length == 0)
        {
            return ChatReply.Info(current is null
                ? $"Team approval is off in this chat: posts are published directly. A chat admin can send {commands.Approval} on <page>."
                : $"Team approval is on in this chat: posts go to {current.OrganizationName} once someone who may post as the page approves them. A chat admin can send {commands.Approval} off.");
        }

        var (verb, rest) = words.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? (words[..space], words[(space + 1)..].Trim()) : (words, string.Empty);
        if (!verb.Equals("on", StringComparison.OrdinalIgnoreCase) && !verb.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return ChatReply.Error($"Send {commands.Approval} on <page>, {commands.Approval} off, or {commands.Approval} to see whether it is on.");
        }

        if (!await IsChatAdminAsync(request, cancellationToken))
        {
            return ChatReply.Error("Only an admin of this chat can turn team approval on or off.");
        }

        if (verb.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return await store.ClearChatAsync(address.Platform, address.ChatId, cancellationToken)
                ? ChatReply.Info("Team approval is off: posts in this chat are published directly again.", ReplyVisibility.Public)
                : ChatReply.Info("Team approval was not on in this chat.");
        }

        if (rest.Length == 0)
        {
            return ChatReply.Error($"Name the page: {commands.Approval} on <page name, vanity name or number from {commands.Pages}>.");
        }

        var link = await links.FindAsync(address, cancellationToken);
        if (link is null || !link.IsUsableAt(time.GetUtcNow()))
        {
            return ChatReply.Error($"To turn approval on you need a LinkedIn link that may post as the page. Send {commands.Link} first.");
        }

        var page = CompanyPages.Match(link.Pages, rest);
        if (page is null && await pages.RefreshAsync(link, cancellationToken) is { } fresh)
        {
            link = link with { Pages = fresh };
            page = CompanyPages.Match(fresh, rest);
        }

        if (page is null)
        {
            return ChatReply.Error(link.Pages.Count == 0
                ? $"Your LinkedIn account may not post as any page, so you cannot turn approval on for one. {PageReplies.NoPages(link.MemberName, commands)}"
                : $"Approval can be turned on only for a page your LinkedIn account may post as. {PageReplies.Numbered(link.Pages)}");
        }

        await store.SetChatAsync(new ApprovalChat(address.Platform, address.ChatId, page.OrganizationId, page.Name, address.UserId, time.GetUtcNow()), cancellationToken);
        logger.LogInformation("{Platform} user {UserId} turned team approval on in chat {ChatId} for organization {OrganizationId}", address.Platform, address.UserId, address.ChatId, page.OrganizationId);
        return ChatReply.Info(
            $"Team approval is on: from now on a post sent here ({commands.Post}) is proposed for {page.Name}, and someone who may post as the page approves or rejects it here. Posts by those who may post as the page are published directly.",
            ReplyVisibility.Public);
    }

    /// <summary>
    /// A post in a chat with approval on: published directly as the page when its author may post as it, else proposed.
    /// False when approval is not on here (the caller publishes as usual).
    /// </summary>
    public async Task<bool> ProposeIfOnAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        if (!request.IsGroupChat || !pages.Enabled || await store.FindChatAsync(request.Address.Platform, request.Address.ChatId, cancellationToken) is not { } chat)
        {
            return false;
        }

        var commands = commandNames.For(request.Address.Platform);
        if (await MayPostAsAsync(request.Address, chat.OrganizationId, cancellationToken) is { } page)
        {
            await publisher.PublishAsync(request, new PostAuthor(page.Urn, page.Name), send, cancellationToken);
            return true;
        }

        var text = PostText.WithoutControlCharacters(request.Text).Trim();
        if (text.Length == 0 && request.Image is null)
        {
            await send(ChatReply.Error($"Nothing to propose. {commands.PostUsage}"), cancellationToken);
            return true;
        }

        if (text.Length > LittleText.MaxPostLength)
        {
            await send(OutcomeReplies.For(OutcomeReplies.TooLong(text.Length, LittleText.MaxPostLength), commands), cancellationToken);
            return true;
        }

        if (request.Attachments is not ([] or [ChatImage]))
        {
            await send(ApprovalReplies.OnlyTextAndOneImage(chat.OrganizationName), cancellationToken);
            return true;
        }

        WaitingImage? image = request.Image is { } attached
            ? new WaitingImage(attached.FileName, attached.DeclaredLength, attached.Reference ?? throw new InvalidOperationException("A request's image has no reference."))
            : null;
        var (proposal, _) = await store.ProposeAsync(
            new Proposal(0, request.Address, request.DisplayName, request.MessageId, text, image, chat.OrganizationId, chat.OrganizationName, Proposal.Pending, null, time.GetUtcNow()),
            cancellationToken);
        await send(ChatReply.Info($"Your post awaits approval: someone who may post as {proposal.OrganizationName} approves or rejects it in this chat."), cancellationToken);
        await send(ApprovalReplies.Proposed(proposal), cancellationToken);
        return true;
    }

    /// <summary>For adapters, before anything is stored: null when <paramref name="presser"/> may decide the proposal.</summary>
    public async Task<ChatReply?> RefusalAsync(ChatAddress presser, PressData press, CancellationToken cancellationToken)
    {
        var proposal = await store.FindAsync(press.Number, cancellationToken);
        if (proposal is null || proposal.Proposer.Platform != presser.Platform || proposal.Proposer.ChatId != presser.ChatId)
        {
            return PostControlReplies.UnknownButton;
        }

        return await MayPostAsAsync(presser, proposal.OrganizationId, cancellationToken) is null ? ApprovalReplies.NotAnApprover(proposal) : null;
    }

    /// <summary>Approve or Reject pressed: decided once, then published (approve) and the proposal edited to say so.</summary>
    public async Task PressAsync(ChatRequest request, PressData press, ChatReplySender send, CancellationToken cancellationToken)
    {
        var proposal = await store.FindAsync(press.Number, cancellationToken);
        if (proposal is null || proposal.Proposer.Platform != request.Address.Platform || proposal.Proposer.ChatId != request.Address.ChatId)
        {
            await send(PostControlReplies.UnknownButton, cancellationToken);
            return;
        }

        var page = await MayPostAsAsync(request.Address, proposal.OrganizationId, cancellationToken);
        if (page is null)
        {
            await send(ApprovalReplies.NotAnApprover(proposal), cancellationToken);
            return;
        }

        var approve = press.Action == PressData.Approve;
        var name = request.DisplayName ?? "a page admin";
        if (!await store.DecideAsync(proposal.Id, approve ? Proposal.Approved : Proposal.Rejected, request.Address.UserId, name, time.GetUtcNow(), cancellationToken))
        {
            var decided = await store.FindAsync(proposal.Id, cancellationToken) ?? proposal;

            // The same approver's press run again (a job cut off after deciding): finish it; the ledger keeps it to one post.
            var again = approve && decided.State == Proposal.Approved
                && await ledger.FindAsync(request.Address.Platform, request.Address.ChatId, LedgerKey(proposal.Id), cancellationToken) is { Replied: false, Address.UserId: var approver }
                && approver == request.Address.UserId;
            if (!again)
            {
                await send(ApprovalReplies.AlreadyDecided(decided), cancellationToken);
                return;
            }
        }

        if (!approve)
        {
            logger.LogInformation("Proposal {ProposalId} in {Platform} chat {ChatId} was rejected by user {UserId}", proposal.Id, request.Address.Platform, request.Address.ChatId, request.Address.UserId);
            await send(ApprovalReplies.Rejected(proposal, name), cancellationToken);
            return;
        }

        await PublishAsync(request, proposal, page, name, send, cancellationToken);
    }

    private async Task PublishAsync(ChatRequest press, Proposal proposal, LinkedInPage page, string approverName, ChatReplySender send, CancellationToken cancellationToken)
    {
        var image = proposal.Image?.Reopen(proposal.Proposer.Platform, mediaSources);

        // The publisher's own reply is kept: the proposal's message says what happened instead.
        var said = new List<ChatReply>();
        var request = new ChatRequest(press.Address, press.DisplayName, LedgerKey(proposal.Id), ChatCommand.Post, proposal.Text, image, IsGroupChat: true);
        await publisher.PublishAsync(request, new PostAuthor(page.Urn, page.Name), (reply, _) => { said.Add(reply); return Task.CompletedTask; }, cancellationToken);

        var entry = await ledger.FindAsync(press.Address.Platform, press.Address.ChatId, LedgerKey(proposal.Id), cancellationToken);
        if (entry?.Outcome is PublishOutcome.Published published)
        {
            await send(ApprovalReplies.Approved(proposal, approverName, published.Url), cancellationToken);
            await send(ApprovalReplies.ProposerTold(proposal, approverName, published.Url), cancellationToken);
            return;
        }

        await send(ApprovalReplies.ApprovedButNotPublished(proposal, approverName, said.LastOrDefault()?.Text ?? "LinkedIn did not publish it."), cancellationToken);
    }

    /// <summary>The page, when this user's link may post as it now; else null.</summary>
    private async Task<LinkedInPage?> MayPostAsAsync(ChatAddress address, string organizationId, CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(address, cancellationToken);
        return link is not null && link.IsUsableAt(time.GetUtcNow()) ? link.Pages.FirstOrDefault(p => p.OrganizationId == organizationId) : null;
    }

    private async Task<bool> IsChatAdminAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (request.IsChatAdmin is { } known)
        {
            return known;
        }

        var platform = admins.LastOrDefault(a => a.Platform == request.Address.Platform);
        if (platform is null)
        {
            return false;
        }

        try
        {
            return await platform.IsAdminAsync(request.Address, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not ask {Platform} whether user {UserId} administers chat {ChatId} ({ErrorType})", request.Address.Platform, request.Address.UserId, request.Address.ChatId, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>The post ledger's message id of an approved proposal's publish: one LinkedIn post per proposal.</summary>
    internal static string LedgerKey(long id) => "proposal:" + id.ToString(CultureInfo.InvariantCulture);
}
