using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Linking;

/// <summary>
/// Finishes a link with the one-time code from the callback page (<c>/link &lt;code&gt;</c>, Telegram's
/// <c>/start &lt;code&gt;</c>, Discord's <c>code</c> option or form). Only the chat user who asked for the link can
/// activate it: the same code from anyone else discards the sign-in and revokes its token, and so do
/// <see cref="MaxFailedAttempts"/> wrong codes.
/// </summary>
public sealed class LinkCodeRedemption(
    IPendingLinkStore pendingLinks,
    IAccountLinkStore links,
    AccountLinking linking,
    ChatNotifications notifications,
    Pages.CompanyPages pages,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<LinkCodeRedemption> logger)
{
    /// <summary>Wrong codes a pending link survives; the last one discards it.</summary>
    public const int MaxFailedAttempts = 5;

    public async Task<ChatReply> RedeemAsync(ChatRequest request, string code, CancellationToken cancellationToken)
    {
        var address = request.Address;
        var commands = commandNames.For(address.Platform);
        var now = time.GetUtcNow();
        foreach (var expired in await pendingLinks.TakeExpiredAsync(now, cancellationToken))
        {
            await RevokeAsync(expired, cancellationToken);
        }

        var hash = LinkCode.Hash(code);
        var match = LinkCode.LooksLikeCode(code) ? await pendingLinks.FindByCodeAsync(hash, cancellationToken) : null;
        if (match is not null && !IsSameUser(match.Address, address))
        {
            return await RefuseOtherUserAsync(address, hash, commands, cancellationToken);
        }

        // Taken in one statement, so of two racing uses of one code only one links.
        var taken = match is null ? null : await pendingLinks.TakeByCodeAsync(hash, cancellationToken);
        if (taken is null)
        {
            return await CountWrongCodeAsync(address, commands, cancellationToken);
        }

        if (taken.ExpiresAt <= now || taken.AccessToken.Length == 0)
        {
            await RevokeAsync(taken, cancellationToken);
            return ChatReply.Error($"That code has expired (codes last {(int)AccountLinking.CodeLifetime.TotalMinutes} minutes). Send {commands.Link} to start again.");
        }

        // The link belongs to the chat where it was asked for, like before the code existed.
        var link = new AccountLink(taken.Address, taken.MemberUrn, taken.MemberName, taken.AccessToken, taken.TokenExpiresAt, taken.Scopes, now, now)
        {
            RefreshToken = taken.RefreshToken,
            RefreshExpiresAt = taken.RefreshExpiresAt,
        };
        await links.SaveAsync(link, cancellationToken);
        logger.LogInformation("{Platform} user {UserId} linked a LinkedIn account", address.Platform, address.UserId);
        var days = Math.Max(0, (int)Math.Round((taken.TokenExpiresAt - now).TotalDays));
        var lasting = link.RefreshToken is not null
            ? "The bot renews the link by itself."
            : $"The link lasts {days} days; LinkedIn then asks you to link again.";
        return ChatReply.Info($"Linked as {taken.MemberName}. Send {commands.Post} followed by your text to publish. {lasting}{await PagesNoteAsync(link, commands, cancellationToken)}");
    }

    /// <summary>With pages on: the pages the member may post as, read now and stored with the link (issue 14 §1).</summary>
    private async Task<string> PagesNoteAsync(AccountLink link, CommandNames commands, CancellationToken cancellationToken)
    {
        if (!pages.Enabled)
        {
            return string.Empty;
        }

        var found = await pages.RefreshAsync(link, cancellationToken);
        return found switch
        {
            null => $"\n\nYour company pages could not be read just now; send {commands.Pages} to try again.",
            { Count: 0 } => string.Empty,
            _ => $"\n\nYou may also post as: {string.Join(", ", found.Select(p => p.Name))}. Send {commands.AsPage("<name>")} to post as a page in this chat.",
        };
    }

    private async Task<ChatReply> RefuseOtherUserAsync(ChatAddress sender, string hash, CommandNames commands, CancellationToken cancellationToken)
    {
        var taken = await pendingLinks.TakeByCodeAsync(hash, cancellationToken);
        if (taken is not null)
        {
            await RevokeAsync(taken, cancellationToken);
            logger.LogWarning(
                "{Platform} user {SenderId} sent the link code of user {UserId}: refused, the sign-in was discarded",
                sender.Platform, sender.UserId, taken.Address.UserId);
            var requesterCommands = commandNames.For(taken.Address.Platform);
            await NotifyAsync(
                taken.Address,
                ChatReply.Error(
                    $"Someone else's LinkedIn account ({taken.MemberName}) tried to link to your chat account: another chat user opened your link and sent its code. " +
                    $"The bot refused it, nothing was linked, and that sign-in was thrown away. Never share your link; send {requesterCommands.Link} to link your own account."),
                cancellationToken);
        }

        return ChatReply.Error($"That code belongs to a link another chat user asked for, so it was refused and that link was cancelled. To link your own LinkedIn account, send {commands.Link} and open the link yourself.");
    }

    private async Task<ChatReply> CountWrongCodeAsync(ChatAddress address, CommandNames commands, CancellationToken cancellationToken)
    {
        var failed = await pendingLinks.CountFailedAttemptAsync(address.Platform, address.UserId, cancellationToken);
        if (failed is null)
        {
            return ChatReply.Error($"No LinkedIn sign-in is waiting for a code from you (codes last {(int)AccountLinking.CodeLifetime.TotalMinutes} minutes and work once). Send {commands.Link}, open the link, and send the code the page shows.");
        }

        if (failed >= MaxFailedAttempts)
        {
            if (await pendingLinks.TakeForUserAsync(address.Platform, address.UserId, cancellationToken) is { } discarded)
            {
                await RevokeAsync(discarded, cancellationToken);
            }

            logger.LogWarning("{Platform} user {UserId} sent {Count} wrong link codes; the sign-in was discarded", address.Platform, address.UserId, failed);
            return ChatReply.Error($"That code is wrong too. After {MaxFailedAttempts} wrong codes the LinkedIn sign-in was thrown away. Send {commands.Link} to start again.");
        }

        var left = MaxFailedAttempts - failed.Value;
        return ChatReply.Error($"That code is not the one on the LinkedIn page. Check it and send it again ({left} {(left == 1 ? "try" : "tries")} left): {commands.LinkWithCode("<code>")}");
    }

    private Task RevokeAsync(PendingLink link, CancellationToken cancellationToken) =>
        link.AccessToken.Length == 0 ? Task.CompletedTask : linking.RevokeQuietlyAsync(link.AccessToken, cancellationToken);

    private static bool IsSameUser(ChatAddress a, ChatAddress b) =>
        string.Equals(a.Platform, b.Platform, StringComparison.Ordinal) && string.Equals(a.UserId, b.UserId, StringComparison.Ordinal);

    private async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        using var noticeTime = new CancellationTokenSource(AccountLinking.NoticeTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, noticeTime.Token);
        try
        {
            await notifications.TrySendAsync(address, reply, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Platform} chat {ChatId} did not take the notice about a refused link code within {Timeout}", address.Platform, address.ChatId, AccountLinking.NoticeTimeout);
        }
    }
}
