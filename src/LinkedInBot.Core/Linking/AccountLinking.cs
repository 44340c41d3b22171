using System.Security.Cryptography;
using System.Text;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Linking;

/// <summary>
/// Links a chat user to their LinkedIn account the way Bot Framework's OAuthPrompt does: a random, single-use
/// state bound to that chat user, a callback that signs in, then a one-time "magic code" that the same chat user
/// must send from their chat account (<see cref="LinkCodeRedemption"/>) before the link becomes active. The code
/// is what stops a forwarded consent link from binding someone else's LinkedIn account to the requester.
/// </summary>
public sealed class AccountLinking(
    ILinkedInClient linkedIn,
    IOAuthStateStore states,
    IAccountLinkStore links,
    IPendingLinkStore pendingLinks,
    IEnumerable<ILinkCodeShortcut> shortcuts,
    ChatNotifications notifications,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<AccountLinking> logger)
{
    /// <summary>How long a link the bot sent stays usable.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>How long the code on the callback page stays usable.</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the callback page waits for the chat's notice. A chat under a long flood limit (Telegram waits out
    /// every 429) must not hold the page past a reverse proxy's time-out: the page says the outcome itself.
    /// </summary>
    internal static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Creates a fresh state for this chat user and returns LinkedIn's consent URL carrying it, usable for
    /// <paramref name="lifetime"/> (default <see cref="StateLifetime"/>).
    /// </summary>
    public async Task<Uri> BeginAsync(ChatAddress address, string? displayName, CancellationToken cancellationToken, TimeSpan? lifetime = null)
    {
        var now = time.GetUtcNow();
        await states.DeleteExpiredAsync(now, cancellationToken);

        // 256 random bits; only the hash is stored, so a leaked database cannot complete anyone's link.
        var state = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await states.SaveAsync(new OAuthState(HashState(state), address, displayName, now, now + (lifetime ?? StateLifetime)), cancellationToken);
        logger.LogInformation("Link started for {Platform} user {UserId}", address.Platform, address.UserId);
        return linkedIn.BuildAuthorizeUrl(state);
    }

    /// <summary>
    /// Handles LinkedIn's redirect. The state is checked and consumed before anything else, so a forged,
    /// expired or replayed state never reaches the token exchange.
    /// </summary>
    public async Task<LinkCompletion> CompleteAsync(string? state, string? code, string? error, string? errorDescription, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(state) || state.Length > 200)
        {
            return new LinkCompletion.InvalidState();
        }

        var pending = await states.ConsumeAsync(HashState(state), cancellationToken);
        var now = time.GetUtcNow();
        if (pending is null || pending.ExpiresAt <= now)
        {
            logger.LogWarning("OAuth callback with an unknown, used or expired state was refused");
            return new LinkCompletion.InvalidState();
        }

        var address = pending.Address;
        var commands = commandNames.For(address.Platform);

        if (!string.IsNullOrEmpty(error))
        {
            if (error is "user_cancelled_authorize" or "user_cancelled_login")
            {
                await NotifyAsync(address, ChatReply.Info($"LinkedIn linking was cancelled. Send {commands.Link} whenever you want to try again."), cancellationToken);
                return new LinkCompletion.Cancelled();
            }

            logger.LogWarning("LinkedIn answered the authorization with error {Error}", Truncate(error, 100));
            var reason = string.IsNullOrWhiteSpace(errorDescription) ? error : errorDescription;
            return await FailAsync(address, commands, $"LinkedIn stopped the sign-in ({Truncate(reason.TrimEnd('.'), 300)}).", cancellationToken);
        }

        if (string.IsNullOrEmpty(code))
        {
            return await FailAsync(address, commands, "LinkedIn did not send an authorization code.", cancellationToken);
        }

        var exchange = await linkedIn.ExchangeCodeAsync(code, cancellationToken);
        if (exchange.Token is null)
        {
            return await FailAsync(address, commands, exchange.Error ?? "LinkedIn did not issue a token.", cancellationToken);
        }

        var member = await linkedIn.GetMemberAsync(exchange.Token.AccessToken, cancellationToken);
        if (member.Value is null)
        {
            var reason = member.Failure switch
            {
                PublishOutcome.MissingPermission =>
                    "LinkedIn did not share your profile. The LinkedIn app needs the \"Sign In with LinkedIn using OpenID Connect\" product and the openid and profile scopes.",

                // A timeout, 5xx or an open circuit: nothing is wrong with the sign-in itself, so say so.
                PublishOutcome.Unavailable => "LinkedIn is not answering right now.",
                _ => "LinkedIn did not return your profile.",
            };
            return await FailAsync(address, commands, reason, cancellationToken);
        }

        // Not linked yet: the sign-in waits for the code, which only the chat user who asked can send.
        var linkCode = LinkCode.New();
        var replaced = await pendingLinks.ReplaceAsync(
            new PendingLink(address, LinkCode.Hash(linkCode), member.Value.PersonUrn, member.Value.Name, exchange.Token.AccessToken, exchange.Token.ExpiresAt, exchange.Token.Scopes, 0, now, now + CodeLifetime)
            {
                RefreshToken = exchange.Token.RefreshToken,
                RefreshExpiresAt = exchange.Token.RefreshExpiresAt,
            },
            cancellationToken);
        if (replaced is not null && replaced.AccessToken.Length > 0 && replaced.AccessToken != exchange.Token.AccessToken)
        {
            await RevokeQuietlyAsync(replaced.AccessToken, cancellationToken);
        }

        logger.LogInformation("{Platform} user {UserId} signed in to LinkedIn; the link waits for its one-time code", address.Platform, address.UserId);
        var minutes = (int)CodeLifetime.TotalMinutes;
        var shortcut = shortcuts.LastOrDefault(s => s.Platform == address.Platform)?.For(linkCode);
        return new LinkCompletion.AwaitingCode(
            member.Value.Name,
            linkCode,
            "One more step: send this code",
            [
                $"You signed in to LinkedIn as {member.Value.Name}. Your account is not linked yet: send this code to the bot in the chat, from the chat account that asked for the link, within {minutes} minutes.",
                $"Send: {commands.LinkWithCode(linkCode)}",
            ],
            "If someone else sent you this link, do not send the code anywhere: close this page. A code sent from any other chat account is refused and the sign-in is thrown away.",
            shortcut is null ? null : new LinkButton("Send the code in Telegram", shortcut));
    }

    /// <summary>Forgets every link of this user on this platform and revokes the tokens (best effort).</summary>
    public async Task<IReadOnlyList<AccountLink>> UnlinkAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        var removed = await links.DeleteAllAsync(address.Platform, address.UserId, cancellationToken);
        var pending = await pendingLinks.TakeForUserAsync(address.Platform, address.UserId, cancellationToken);
        var tokens = removed.Select(l => l.AccessToken).Append(pending?.AccessToken ?? string.Empty);
        foreach (var token in tokens.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            await RevokeQuietlyAsync(token, cancellationToken);
        }

        return removed;
    }

    /// <summary>Asks LinkedIn to revoke a token the bot will not use; the local deletion stands either way.</summary>
    internal async Task RevokeQuietlyAsync(string token, CancellationToken cancellationToken)
    {
        if (!await linkedIn.RevokeAsync(token, cancellationToken))
        {
            logger.LogInformation("LinkedIn did not confirm a token revocation; the link is deleted locally anyway");
        }
    }

    internal static string HashState(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private async Task NotifyAsync(ChatAddress address, ChatReply reply, CancellationToken cancellationToken)
    {
        using var noticeTime = new CancellationTokenSource(NoticeTimeout, time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, noticeTime.Token);
        try
        {
            await notifications.TrySendAsync(address, reply, bounded.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The {Platform} chat {ChatId} did not take the linking notice within {Timeout}; the browser page told the user", address.Platform, address.ChatId, NoticeTimeout);
        }
    }

    /// <summary>
    /// Tells the chat why linking failed and the one thing to do next. The reason never names a command: only
    /// here is the platform known, and with it how the link command is spelled ("/link", "/linkedin link").
    /// </summary>
    private async Task<LinkCompletion> FailAsync(ChatAddress address, CommandNames commands, string reason, CancellationToken cancellationToken)
    {
        await NotifyAsync(address, ChatReply.Error($"Linking failed: {reason} Send {commands.Link} to try again."), cancellationToken);
        return new LinkCompletion.Failed(reason);
    }

    private static string Base64UrlEncode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max] + "…";
}

/// <summary>How an OAuth callback ended; the callback page and status code follow from it.</summary>
public abstract record LinkCompletion
{
    private LinkCompletion()
    {
    }

    /// <summary>Signed in; the page shows <paramref name="Code"/>, which the requester must send from their chat account.</summary>
    public sealed record AwaitingCode(string MemberName, string Code, string Title, IReadOnlyList<string> Paragraphs, string Warning, LinkButton? Shortcut) : LinkCompletion
    {
        // A record prints every member; the code must not reach a log line that way.
        protected override bool PrintMembers(System.Text.StringBuilder builder)
        {
            builder.Append($"MemberName = {MemberName}, Code = ***");
            return true;
        }
    }

    public sealed record Cancelled : LinkCompletion;

    public sealed record InvalidState : LinkCompletion;

    public sealed record Failed(string Message) : LinkCompletion;
}
