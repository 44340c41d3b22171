using System.Text;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Lifecycle;

/// <summary>
/// <c>/forget</c>: lists what the bot keeps about the user (on this platform, in every chat) and asks to confirm;
/// <c>/forget yes</c> (or the Forget me button) deletes it: every link, revoked at LinkedIn, and whatever each
/// <see cref="IUserDataEraser"/> holds; then the database files are cleaned of it (<see cref="IDataErasure.ScrubAsync"/>).
/// Posts already published on LinkedIn are LinkedIn's: they stay, and the reply says so.
/// </summary>
public sealed class ForgetMe(
    AccountLinking linking,
    IEnumerable<IUserDataEraser> erasers,
    IDataErasure erasure,
    TimeProvider time,
    ILogger<ForgetMe> logger)
{
    internal const string ButtonLabel = "Forget me";

    private const string PublishedPostsStay =
        "Posts already published on LinkedIn stay there: delete them on LinkedIn if you want them gone.";

    public async Task<ChatReply> HandleAsync(ChatRequest request, CommandNames commands, CancellationToken cancellationToken)
    {
        var user = ChatUser.Of(request.Address);
        var items = await DescribeAsync(user, cancellationToken);
        if (!string.Equals(request.Text.Trim(), "yes", StringComparison.OrdinalIgnoreCase))
        {
            return Ask(items, request.Address.UserId, commands);
        }

        var removed = await linking.UnlinkAsync(request.Address, cancellationToken);
        var now = time.GetUtcNow();
        foreach (var eraser in erasers)
        {
            await eraser.EraseAsync(user, now, cancellationToken);
        }

        await erasure.ScrubAsync(rebuild: true, cancellationToken);
        logger.LogInformation("Forgot {Platform} user {UserId}: {Links} link(s) revoked and deleted, their data erased", user.Platform, user.UserId, removed.Count);

        var text = new StringBuilder(items.Count == 0
            ? "The bot kept nothing about you, and still keeps nothing."
            : "Done: the bot deleted everything it kept about you:");
        AppendList(text, items);
        text.Append("\n\n").Append(PublishedPostsStay).Append($" Send {commands.Link} if you want to use the bot again.");
        return ChatReply.Info(text.ToString());
    }

    private static ChatReply Ask(IReadOnlyList<string> items, string userId, CommandNames commands)
    {
        if (items.Count == 0)
        {
            return ChatReply.Info($"The bot keeps nothing about you on this platform right now. {PublishedPostsStay}");
        }

        var text = new StringBuilder("This deletes everything the bot keeps about you on this platform, in every chat:");
        AppendList(text, items);
        text.Append("\n\n").Append(PublishedPostsStay)
            .Append($"\nNothing is deleted yet. To delete it, send {commands.ForgetConfirm}.");
        return ChatReply.Info(text.ToString()) with { Confirm = new ConfirmButton(ButtonLabel, ChatCommand.Forget, "yes", userId) };
    }

    private async Task<IReadOnlyList<string>> DescribeAsync(ChatUser user, CancellationToken cancellationToken)
    {
        var items = new List<string>();
        foreach (var eraser in erasers)
        {
            items.AddRange(await eraser.DescribeAsync(user, cancellationToken));
        }

        return items;
    }

    private static void AppendList(StringBuilder text, IReadOnlyList<string> items)
    {
        foreach (var item in items)
        {
            text.Append("\n• ").Append(item);
        }
    }
}
