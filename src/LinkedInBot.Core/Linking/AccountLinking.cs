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
/// state bound to that chat user, a callback that completes the link, then a message back into the chat.
/// </summary>
public sealed class AccountLinking(
    ILinkedInClient linkedIn,
    IOAuthStateStore states,
    IAccountLinkStore links,
    ChatNotifications notifications,
    CommandNameBook commandNames,
    TimeProvider time,
    ILogger<AccountLinking> logger)
{
    /// <summary>How long a link the bot sent stays usable.</summary>
    public static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long the callback page waits for the chat's notice. A chat under a long flood limit (Telegram waits out
    /// every 429) must not hold the page past a reverse proxy's time-out: the page says the outcome itself.
    /// </summary>
    internal static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Creates a fresh state for this chat user and returns LinkedIn's consent URL carrying it.</summary>
    public async Task<Uri> BeginAsync(ChatAddress address, string? displayName, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await states.DeleteExpiredAsync(now, cancellationToken);

        // 256 random bits; only the hash is stored, so a leaked database cannot complete anyone's link.
        var state = Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        await states.SaveAsync(new OAuthState(HashState(state), address, displayName, now, now + StateLifetime), cancellationToken);
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

        await links.SaveAsync(
            new AccountLink(address, member.Value.PersonUrn, member.Value.Name, exchange.Token.AccessToken, exchange.Token.ExpiresAt, exchange.Token.Scopes, now, now),
            cancellationToken);
        logger.LogInformation("{Platform} user {UserId} linked a LinkedIn account", address.Platform, address.UserId);

        var days = Math.Max(0, (int)Math.Round((exchange.Token.ExpiresAt - now).TotalDays));
        await NotifyAsync(
            address,
            ChatReply.Info($"Linked as {member.Value.Name}. Send {commands.Post} followed by your text to publish. The link lasts {days} days; LinkedIn then asks you to link again."),
            cancellationToken);
        return new LinkCompletion.Linked(member.Value.Name);
    }

    /// <summary>Forgets every link of this user on this platform and revokes the tokens (best effort).</summary>
    public async Task<IReadOnlyList<AccountLink>> UnlinkAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        var removed = await links.DeleteAllAsync(address.Platform, address.UserId, cancellationToken);
        foreach (var token in removed.Select(l => l.AccessToken).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal))
        {
            if (!await linkedIn.RevokeAsync(token, cancellationToken))
            {
                logger.LogInformation("LinkedIn did not confirm a token revocation; the link is deleted locally anyway");
            }
        }

        return removed;
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

    public sealed record Linked(string MemberName) : LinkCompletion;

    public sealed record Cancelled : LinkCompletion;

    public sealed record InvalidState : LinkCompletion;

    public sealed record Failed(string Message) : LinkCompletion;
}
