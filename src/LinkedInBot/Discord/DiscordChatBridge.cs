using LinkedInBot.Core.Chat;

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
            try
            {
                var request = await prepare(cancellationToken);
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

            await channel.FinishAsync(cancellationToken);
        });
}
