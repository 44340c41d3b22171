using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Discord;

/// <summary>
/// Hands a request to the core (<see cref="IChatBot"/>) and gets its reply to Discord, always answering
/// the interaction within Discord's 3 seconds: the core works in tracked background work, never on the
/// HTTP request.
/// </summary>
internal sealed class DiscordChatBridge(
    IServiceScopeFactory scopes,
    DiscordBackgroundWork work,
    DiscordRestClient rest,
    TimeProvider time,
    ILogger<DiscordChatBridge> logger)
{
    // The core re-issues a cut-off publish only within PostPublisher.SafeResumeAge; later the user is asked to check.
    internal const string SavedForResume = "The bot is restarting; your post was saved and is finished if the bot is back within 5 minutes. If you hear nothing more, check your LinkedIn profile before sending it again.";
    internal const string TryAgain = "The bot is restarting; please try again in a minute.";

    /// <summary>
    /// How long a quick command may take to answer in the HTTP response itself. Discord's limit is 3 s
    /// including the network both ways; past this the interaction is deferred and the reply follows.
    /// </summary>
    internal TimeSpan InlineBudget { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Link, status, unlink: a normal reply if the core is quick, a deferral and an edit if not.</summary>
    public async Task<InteractionResponse> AnswerAsync(InteractionOrigin origin, ChatRequest request)
    {
        var channel = Open(origin, deferred: false);
        Start(origin, channel, _ => Task.FromResult<ChatRequest?>(request));
        try
        {
            return await channel.InitialResponse.WaitAsync(InlineBudget, time);
        }
        catch (TimeoutException)
        {
            return channel.DeferIfUnanswered();
        }
    }

    /// <summary>
    /// Posts: defer at once, then <paramref name="prepare"/> (e.g. download the image) and run the core.
    /// <paramref name="prepare"/> returns null after sending its own error through the channel.
    /// </summary>
    public InteractionResponse DeferAndRun(InteractionOrigin origin, Func<InteractionReplyChannel, CancellationToken, Task<ChatRequest?>> prepare)
    {
        var channel = Open(origin, deferred: true);
        Start(origin, channel, cancellationToken => prepare(channel, cancellationToken));
        return channel.InitialResponse.Result;
    }

    private InteractionReplyChannel Open(InteractionOrigin origin, bool deferred) =>
        new(origin.Target, rest, time, logger, deferred);

    private void Start(InteractionOrigin origin, InteractionReplyChannel channel, Func<CancellationToken, Task<ChatRequest?>> prepare) =>
        work.Run($"Discord {origin.Target}", async cancellationToken =>
        {
            using var owned = channel;
            ChatRequest? request = null;
            try
            {
                request = await prepare(cancellationToken);
                if (request is not null)
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var bot = scope.ServiceProvider.GetRequiredService<IChatBot>();
                    await bot.HandleAsync(request, channel.SendAsync, cancellationToken);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Handling Discord {Target} failed", origin.Target);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // Cut off by the shutdown: told below.
            }

            if (cancellationToken.IsCancellationRequested)
            {
                await TellCutOffAsync(origin, channel, request, work.CutOffNoticeDeadline);
                return;
            }

            await channel.FinishAsync(cancellationToken);
        });

    /// <summary>
    /// The host is stopping and cut this interaction off: never leave "thinking…" behind. A post the core has
    /// written to its ledger is finished by the next start, which then follows up (<see cref="Core.Posting.PostLedgerResumeService"/>);
    /// anything else is lost and has to be sent again.
    /// </summary>
    private async Task TellCutOffAsync(InteractionOrigin origin, InteractionReplyChannel channel, ChatRequest? request, CancellationToken deadline)
    {
        if (channel.HasDelivered)
        {
            return;
        }

        try
        {
            var saved = request is { Command: ChatCommand.Post } && await IsAwaitingResumeAsync(request, deadline);
            await channel.SendAsync(ChatReply.Info(saved ? SavedForResume : TryAgain), deadline);
            logger.LogInformation("Told the user of {Target} that the bot is restarting (post saved: {Saved})", origin.Target, saved);
        }
        catch (Exception ex)
        {
            logger.LogWarning("Could not tell the user of {Target} that the bot is restarting: {Reason}", origin.Target, ex.Message);
        }
    }

    private async Task<bool> IsAwaitingResumeAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var ledger = scope.ServiceProvider.GetRequiredService<IPostLedger>();
        var entry = await ledger.FindAsync(request.Address.Platform, request.Address.ChatId, request.MessageId, cancellationToken);
        return entry is { Replied: false };
    }
}
