using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// At start-up: the key ring must work (a corrupt key file or a keys folder the bot cannot write stops the start with
/// one line, instead of an empty 500 on the first sign-in), and it should read the newest stored LinkedIn tokens. A
/// replica started with another key ring (a fresh <c>Storage:KeysDirectory</c>, a volume not shared, a lost backup)
/// would otherwise only show it when users' posts answer "link again": this says so in one line at once, and
/// <c>/healthz</c> answers 503 until it is fixed. It only reads: no token is changed or deleted, so restoring the right
/// key ring makes every link work again; <c>forget-unreadable-links</c> starts over.
/// </summary>
internal sealed class KeyRingCheckService(KeyRingCheck keyRing, ILogger<KeyRingCheckService> logger) : IHostedLifecycleService
{
    // Enough to tell "another key ring" from one stray unreadable row, few enough to cost nothing at start-up.
    private const int Sample = 20;

    // In StartingAsync, after the schema migration and before any adapter or the web server starts.
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (keyRing.ProbeProblem() is { } problem)
        {
            throw new BotStartupException(problem);
        }

        int count;
        IReadOnlyList<StoredLinkKey> unreadable;
        try
        {
            (count, unreadable) = await keyRing.FindUnreadableAsync(Sample, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The key ring check could not read the stored tokens: {Reason}", ex.Message);
            return;
        }

        if (unreadable.Count == 0)
        {
            return;
        }

        if (unreadable.Count == count)
        {
            keyRing.StoredTokensProblem = keyRing.TokensUnreadable(unreadable.Count, count);
            logger.LogError("{KeyRingProblem}", keyRing.StoredTokensProblem);
        }
        else
        {
            logger.LogWarning(
                "{Unreadable} of the {Checked} newest stored LinkedIn tokens cannot be decrypted with the key ring ({KeyRing}); " +
                "those users will be asked to /link again ({Command} deletes them). No stored token was changed or deleted.",
                unreadable.Count, count, keyRing.Where, KeyRingCheck.ForgetCommand);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
