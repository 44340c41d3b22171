using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Posting;

/// <summary>
/// The posting core's front door: every adapter hands its requests here. Commands are answered the same
/// way on every platform; only the spelling of command names differs (<see cref="CommandNames"/>).
/// </summary>
public sealed class ChatBot(
    AccountLinking linking,
    LinkCodeRedemption linkCodes,
    PostPublisher publisher,
    Lifecycle.ForgetMe forgetMe,
    PostControl control,
    PostScheduling scheduling,
    IUserSettingsStore settings,
    IAccountLinkStore links,
    Pages.CompanyPages pages,
    Approval.TeamApproval approvals,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<ChatBot> logger) : IChatBot
{
    /// <summary>Warn in /status when the link ends within this many days (LinkedIn gives no refresh token).</summary>
    private const int ExpiryWarningDays = 7;

    public async Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);

        // A failure to deliver belongs to the adapter (which knows what its exceptions may carry — Telegram's
        // hold request URLs with the bot token); it is passed through untouched, never answered by sending again.
        var adapterSend = send;
        send = async (reply, ct) =>
        {
            try
            {
                await adapterSend(reply, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw new ReplyDeliveryException(ex);
            }
        };
        try
        {
            switch (request.Command)
            {
                case ChatCommand.Start when string.Equals(request.Text.Trim(), "link", StringComparison.OrdinalIgnoreCase):
                case ChatCommand.Link when request.Text.Trim().Length == 0:
                    await send(await LinkPromptAsync(request, commands, cancellationToken), cancellationToken);
                    break;

                // The one-time code from the callback page: "/link CODE", or Telegram's deep link "/start CODE".
                case ChatCommand.Link:
                case ChatCommand.Start when LinkCode.LooksLikeCode(request.Text):
                    await send(await linkCodes.RedeemAsync(request, request.Text.Trim(), cancellationToken), cancellationToken);
                    break;
                case ChatCommand.Start:
                    await send(ChatReply.Info(Welcome(request.DisplayName, commands, pages.Enabled)), cancellationToken);
                    break;
                case ChatCommand.Help:
                    await send(ChatReply.Info(Help(commands, pages.Enabled)), cancellationToken);
                    break;
                // A draft holds text and at most one image: an album, a document or a video is published directly.
                case ChatCommand.Post when PostScheduling.CanWait(request) && (await settings.GetAsync(request.Address.Platform, request.Address.UserId, cancellationToken)).PreviewByDefault:
                case ChatCommand.Draft:
                    await scheduling.DraftAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Post:
                    // In a group with team approval on, a post becomes a proposal (or goes out as the page).
                    if (!await approvals.ProposeIfOnAsync(request, send, cancellationToken))
                    {
                        await publisher.PublishAsync(request, send, cancellationToken);
                    }

                    break;
                case ChatCommand.Delete:
                    await control.DeleteAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Edit:
                    await control.EditAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Posts:
                    await control.ListAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Schedule:
                    await scheduling.ScheduleAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.RunScheduled:
                    await scheduling.RunAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Queue:
                    await scheduling.QueueAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Cancel:
                    await scheduling.CancelAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.TimeZone:
                    await scheduling.TimeZoneAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Settings:
                    await scheduling.SettingsAsync(request, send, cancellationToken);
                    break;
                case ChatCommand.Press when PressData.TryParse(request.Text, out var press) && press.IsAboutProposal:
                    await approvals.PressAsync(request, press, send, cancellationToken);
                    break;
                case ChatCommand.Press when PressData.TryParse(request.Text, out var press) && press.IsAboutPublishedPost:
                    await control.PressAsync(request, press, send, cancellationToken);
                    break;
                case ChatCommand.Press when PressData.TryParse(request.Text, out var press):
                    await scheduling.PressAsync(request, press, send, cancellationToken);
                    break;
                case ChatCommand.Press:
                    await send(PostControlReplies.UnknownButton, cancellationToken);
                    break;
                case ChatCommand.Pages:
                    await send(await pages.ListAsync(request, cancellationToken), cancellationToken);
                    break;
                case ChatCommand.As:
                    await send(await pages.ChooseAsync(request, cancellationToken), cancellationToken);
                    break;
                case ChatCommand.Approval:
                    await send(await approvals.CommandAsync(request, cancellationToken), cancellationToken);
                    break;
                case ChatCommand.Unlink:
                    await send(await UnlinkAsync(request, commands, cancellationToken), cancellationToken);
                    break;
                case ChatCommand.Status:
                    await send(await StatusAsync(request, commands, cancellationToken), cancellationToken);
                    break;
                case ChatCommand.Forget:
                    await send(await forgetMe.HandleAsync(request, commands, cancellationToken), cancellationToken);
                    break;
                default:
                    await send(ChatReply.Info(Help(commands, pages.Enabled)), cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ReplyDeliveryException ex)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException!).Throw();
        }
        catch (Exception ex)
        {
            // The user still gets an answer; the operator gets the details. A post cut off here stays in the
            // ledger without an outcome and is resumed at the next start.
            // adapterSend: a failure to deliver this apology is the adapter's, exactly like any other reply's.
            logger.LogError(ex, "Handling {Command} for {Platform} user {UserId} failed", request.Command, request.Address.Platform, request.Address.UserId);
            await adapterSend(ChatReply.Error("Something went wrong on the bot's side. Try again in a minute; if it keeps happening, tell the bot's operator."), cancellationToken);
        }
    }

    private async Task<ChatReply> LinkPromptAsync(ChatRequest request, CommandNames commands, CancellationToken cancellationToken)
    {
        var url = await linking.BeginAsync(request.Address, request.DisplayName, cancellationToken);
        var minutes = (int)AccountLinking.StateLifetime.TotalMinutes;
        return new ChatReply(
            $"Open this link to connect your LinkedIn account (it works once and expires in {minutes} minutes; don't share it):\n{url.AbsoluteUri}\n\n" +
            $"After you sign in, the page shows a one-time code: send {commands.LinkWithCode("<code>")} here to finish. Then send {commands.Post} followed by your text.",
            [new LinkButton("Connect LinkedIn", url)],
            ReplyVisibility.Secret)
        {
            CodeEntry = CodeEntryPrompt.FinishLinking,
        };
    }

    private async Task<ChatReply> UnlinkAsync(ChatRequest request, CommandNames commands, CancellationToken cancellationToken)
    {
        var removed = await linking.UnlinkAsync(request.Address, cancellationToken);
        if (removed.Count == 0)
        {
            return ChatReply.Info($"No LinkedIn account is linked, so there was nothing to forget. Send {commands.Link} to connect one.");
        }

        var names = string.Join(", ", removed.Select(l => l.MemberName).Distinct(StringComparer.Ordinal));
        return ChatReply.Info($"Unlinked {names}. The bot deleted your LinkedIn token and asked LinkedIn to revoke it. Send {commands.Link} to connect again.");
    }

    private async Task<ChatReply> StatusAsync(ChatRequest request, CommandNames commands, CancellationToken cancellationToken)
    {
        var link = await links.FindAsync(request.Address, cancellationToken);
        if (link is null)
        {
            return ChatReply.Info($"No LinkedIn account is linked. Send {commands.Link} to connect yours.");
        }

        if (link.IsUnreadable)
        {
            return ChatReply.Info(
                $"Your link to {link.MemberName} is stored, but the bot cannot read it (its key ring was lost or replaced, so the bot's operator may restore it). Send {commands.Link} to connect again.");
        }

        var now = time.GetUtcNow();
        if (!link.IsUsableAt(now))
        {
            return ChatReply.Info($"Your link to {link.MemberName} expired. Send {commands.Link} to reconnect.");
        }

        var days = (int)Math.Floor((link.ExpiresAt - now).TotalDays);
        var until = link.ExpiresAt.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
        var when = days switch
        {
            0 => "today",
            1 => "in 1 day",
            _ => $"in {days} days",
        };
        var advice = days < ExpiryWarningDays ? $" Send {commands.Link} soon to renew it." : string.Empty;
        var identity = pages.Enabled ? " " + Pages.PageReplies.Identity(link, await pages.CurrentAsync(request.Address, link.Pages, cancellationToken)) : string.Empty;
        if (link.RenewsItself)
        {
            var end = link.RefreshExpiresAt!.Value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
            return ChatReply.Info($"Linked as {link.MemberName}. The link renews itself: the bot renews LinkedIn's token before it expires, until LinkedIn asks you to link again on {end}.{identity}");
        }

        var renewal = link.RefreshToken is null ? string.Empty : " It does not renew itself any more: LinkedIn's refresh token ends first.";
        return ChatReply.Info($"Linked as {link.MemberName}. The link expires {when} ({until}).{renewal}{advice}{identity}");
    }

    private static string Welcome(string? name, CommandNames commands, bool pagesOn)
    {
        var hello = string.IsNullOrWhiteSpace(name) ? "Hi!" : $"Hi {name}!";
        return $"{hello} I publish your posts on LinkedIn.\n\n{Help(commands, pagesOn)}";
    }

    private static string Help(CommandNames commands, bool pagesOn) =>
        $"{commands.Link} — connect your LinkedIn account (once; LinkedIn asks again after 60 days)\n" +
        $"{commands.PostUsage}\n" +
        $"{commands.Draft} <text> — preview a post first, then publish or schedule it\n" +
        $"{commands.Schedule} <when> <text> — publish later (tomorrow 9:00, mon 9:30, in 2h, 2026-12-24 09:30); {commands.Queue} lists them, {commands.Cancel} <number> cancels one\n" +
        $"{commands.Posts} — your last posts; {commands.Delete} and {commands.Edit} take one down or change its text\n" +
        $"{commands.TimeZone} <zone> — your time zone (e.g. Europe/Berlin); {commands.Settings} — preview every post first, or not\n" +
        (pagesOn
            ? $"{commands.Pages} — the company pages you may post as; {commands.AsPage("<page>")} posts as one in this chat, {commands.AsPage("me")} as yourself\n" +
              $"{commands.Approval} on <page> — in a group (chat admins): members' posts wait for approval by someone who may post as the page; {commands.Approval} off ends it\n"
            : string.Empty) +
        $"{commands.Status} — which account is linked and until when\n" +
        $"{commands.Unlink} — disconnect and delete your token\n" +
        $"{commands.ForgetCommand} — delete everything the bot keeps about you";
}

/// <summary>Marks an exception thrown by an adapter's reply sender, so the core does not mistake it for its own.</summary>
internal sealed class ReplyDeliveryException(Exception inner) : Exception("The adapter could not deliver a reply.", inner);
