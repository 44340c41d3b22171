using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Linking;

/// <summary>
/// Renews links that have a refresh token (issue 14 §3): <c>grant_type=refresh_token</c> when less than
/// <see cref="RenewBefore"/> is left of the access token, and after a 401. A refresh token LinkedIn refuses is dropped,
/// so the link ends with its access token and the owner is reminded to link again like anyone else.
/// </summary>
public sealed class LinkRenewal(
    ILinkedInClient linkedIn,
    ILinkRenewalStore store,
    TimeProvider time,
    ILogger<LinkRenewal> logger)
{
    /// <summary>How long before its access token ends a link is renewed: the same week the reminders would start.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    /// <summary>Renews every link due; returns how many were renewed.</summary>
    public async Task<int> RenewDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var renewed = 0;
        foreach (var link in await store.GetRenewableAsync(now, now + RenewBefore, cancellationToken))
        {
            renewed += await RenewAsync(link, cancellationToken) is null ? 0 : 1;
        }

        return renewed;
    }

    /// <summary>
    /// A new access token for <paramref name="link"/>, stored; the renewed link, or null when it has no refresh token,
    /// LinkedIn refused it (then dropped) or could not be reached (then tried again later).
    /// </summary>
    public async Task<AccountLink?> RenewAsync(AccountLink link, CancellationToken cancellationToken)
    {
        if (link.RefreshToken is not { Length: > 0 } refreshToken || (link.RefreshExpiresAt is { } end && end <= time.GetUtcNow()))
        {
            return null;
        }

        var answer = await linkedIn.RefreshAsync(refreshToken, cancellationToken);
        var address = link.Address;
        if (answer.Token is not { } token)
        {
            if (answer.Unreachable)
            {
                logger.LogWarning("Renewing the LinkedIn link of {Platform} user {UserId} failed for now; trying again later", address.Platform, address.UserId);
                return null;
            }

            logger.LogWarning("LinkedIn refused the refresh token of {Platform} user {UserId}; the link ends with its access token", address.Platform, address.UserId);
            await store.DropRefreshTokenAsync(address, link.LinkedAt, CancellationToken.None);
            return null;
        }

        var newRefresh = token.RefreshToken ?? refreshToken;
        if (!await store.SaveRenewalAsync(address, link.LinkedAt, token.AccessToken, token.ExpiresAt, newRefresh, token.RefreshExpiresAt, CancellationToken.None))
        {
            // Replaced or unlinked meanwhile: the new token belongs to nobody.
            await linkedIn.RevokeAsync(token.AccessToken, CancellationToken.None);
            return null;
        }

        logger.LogInformation("Renewed the LinkedIn link of {Platform} user {UserId} with its refresh token", address.Platform, address.UserId);
        return link with
        {
            AccessToken = token.AccessToken,
            ExpiresAt = token.ExpiresAt,
            RefreshToken = newRefresh,
            RefreshExpiresAt = token.RefreshExpiresAt ?? link.RefreshExpiresAt,
        };
    }
}

/// <summary>At start-up and every <c>Bot:ReminderInterval</c>: renews the links that renew themselves and are due.</summary>
public sealed class LinkRenewalService(LinkRenewal renewal, IOptions<BotOptions> options, TimeProvider time, ILogger<LinkRenewalService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Lifecycle.PeriodicWork.RunAsync(
            options.Value.ReminderInterval,
            time,
            renewal.RenewDueAsync,
            ex => logger.LogWarning("Renewing LinkedIn links failed ({ErrorType}); trying again in {Interval}", ex.GetType().Name, options.Value.ReminderInterval),
            stoppingToken);
}
