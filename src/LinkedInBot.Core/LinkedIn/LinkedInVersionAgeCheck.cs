using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// Warns at start-up when <c>LinkedIn:ApiVersion</c> is close to retirement: when LinkedIn switches a version off,
/// every post fails the same day with 426 (n8n #14737, postiz #2005), so operators need the notice before that.
/// </summary>
internal sealed class LinkedInVersionAgeCheck(
    IOptions<LinkedInOptions> options,
    TimeProvider time,
    ILogger<LinkedInVersionAgeCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var linkedIn = options.Value;
        if (!linkedIn.IsSandbox)
        {
            Check(linkedIn.ApiVersion);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Logs the warning if one is due; returns whether it did.</summary>
    internal bool Check(string version)
    {
        if (!LinkedInVersionAge.TryParse(version, out var released))
        {
            logger.LogWarning("LinkedIn:ApiVersion '{ApiVersion}' is not a YYYYMM version; LinkedIn will refuse every call.", version);
            return true;
        }

        var months = LinkedInVersionAge.MonthsOld(released, time.GetUtcNow());
        if (months < 0)
        {
            logger.LogWarning(
                "LinkedIn:ApiVersion {ApiVersion} lies in the future; LinkedIn only accepts released versions. "
                + "Set LinkedIn:ApiVersion (environment variable LinkedIn__ApiVersion) to the current or a recent YYYYMM version.",
                version);
            return true;
        }

        if (months >= LinkedInVersionAge.WarnAtMonths)
        {
            logger.LogWarning(
                "LinkedIn:ApiVersion {ApiVersion} is {Months} months old. LinkedIn retires versions after about 12 months "
                + "(expected around {RetiresAround:yyyy-MM-dd}); after that every post fails with HTTP 426. Set LinkedIn:ApiVersion "
                + "(environment variable LinkedIn__ApiVersion) to a recent YYYYMM version and restart the bot.",
                version,
                months,
                LinkedInVersionAge.ExpectedRetirement(released));
            return true;
        }

        return false;
    }
}
