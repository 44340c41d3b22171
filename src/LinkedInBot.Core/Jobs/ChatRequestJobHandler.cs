using LinkedInBot.Core.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Core.Jobs;

/// <summary>Runs a stored chat request through the core (<see cref="IChatBot"/>) and sends its replies through the platform's notifier.</summary>
internal sealed class ChatRequestJobHandler(
    IServiceScopeFactory scopes,
    ChatNotifications notifications,
    IEnumerable<IChatMediaSource> mediaSources) : IChatJobHandler
{
    public const string JobKind = "chat-request";

    internal const string GaveUp = "Sorry, the bot could not finish your request: it failed several times in a row. Nothing more will happen with it; send it again in a few minutes, and if it keeps failing, tell the bot's operator.";

    private readonly Dictionary<string, IChatMediaSource> media = mediaSources
        .GroupBy(source => source.Platform, StringComparer.Ordinal)
        .ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);

    public string Kind => JobKind;

    public async Task RunAsync(ChatJob job, CancellationToken cancellationToken)
    {
        var payload = Read(job);
        var request = payload.ToRequest(media.GetValueOrDefault(payload.Platform));
        var replyAddress = payload.ReplyAddress;

        using var working = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var indicator = request.Command == ChatCommand.Post ? notifications.ShowWorkingAsync(replyAddress, working.Token) : Task.CompletedTask;
        var turn = 0;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var bot = scope.ServiceProvider.GetRequiredService<IChatBot>();
            await bot.HandleAsync(
                request,
                async (reply, ct) =>
                {
                    // A status is no answer: "typing…" goes on, and the first answer is still the first turn.
                    if (reply.IsStatus)
                    {
                        await notifications.ReplyAsync(replyAddress, reply, new ReplyTurn(job.Id, turn), ct);
                        return;
                    }

                    await working.CancelAsync();
                    await notifications.ReplyAsync(replyAddress, reply, new ReplyTurn(job.Id, turn), ct);
                    turn++;
                },
                cancellationToken);
        }
        finally
        {
            await working.CancelAsync();
            await indicator.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public Task GiveUpAsync(ChatJob job, CancellationToken cancellationToken) =>
        notifications.ReplyAsync(Read(job).ReplyAddress, ChatReply.Error(GaveUp), new ReplyTurn(job.Id, 0), cancellationToken);

    private static ChatRequestPayload Read(ChatJob job) =>
        ChatRequestPayload.Deserialize(job.Payload) ?? throw new InvalidDataException($"Job {job.Id} does not hold a readable chat request.");
}
