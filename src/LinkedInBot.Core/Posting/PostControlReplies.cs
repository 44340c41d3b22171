using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Posting;

/// <summary>Every reply about controlling a post (published, deleted, edited, listed), worded once for all platforms.</summary>
public static class PostControlReplies
{
    public const string DeleteLabel = "Delete";

    /// <summary>The title and note of a form that changes a post's text (Discord's Edit button).</summary>
    public static string EditFormTitle(long number) => $"Edit post {number}";

    public const string EditFormNote = "Only the text can change; LinkedIn keeps the images.";
    public const string EditLabel = "Edit";
    public const string YesDeleteLabel = "Yes, delete";
    public const string KeepLabel = "Keep";

    /// <summary>The reply to a published post: its URL, its number, and how to take it back or change it.</summary>
    public static ChatReply Published(PublishOutcome.Published published, long number, string text, CommandNames commands)
    {
        var hint = commands.RepliesToMessages
            ? $"Post {number}. Reply {commands.Delete} to this message to take it down, or {commands.Edit} <new text> to change it (editing your message works too)."
            : commands.HasButtons
                ? $"Post {number}."
                : $"Post {number}: {commands.WithNumber(commands.Delete, number)} takes it down, {commands.WithNumber(commands.Edit, number)} <new text> changes it.";
        // The words of the outcome (published now, or already published before), then the post's number and hint.
        var outcome = OutcomeReplies.For(published, commands);
        return outcome with
        {
            Text = $"{outcome.Text}\n{hint}",
            Actions = PublishedActions(number, text),
        };
    }

    public static IReadOnlyList<ActionButton> PublishedActions(long number, string text) =>
    [
        new(DeleteLabel, PressData.Of(PressData.Delete, number)),
        new(EditLabel, PressData.Of(PressData.Edit, number)) { FormText = text },
    ];

    public static ChatReply ConfirmDelete(PublishedPost post) =>
        new($"Delete this post from LinkedIn? {post.Url}\nThis cannot be undone.", [], ReplyVisibility.Public)
        {
            Actions =
            [
                new(YesDeleteLabel, PressData.Of(PressData.DeleteYes, post.Number)),
                new(KeepLabel, PressData.Of(PressData.DeleteKeep, post.Number)),
            ],
            ReplacesPressedMessage = true,
        };

    public static ChatReply Deleted(PublishedPost post) =>
        new($"Deleted from LinkedIn (post {post.Number}).", [], ReplyVisibility.Public);

    public static ChatReply NotYours { get; } = new("Only the person who published this post can change it.", [], ReplyVisibility.Private, IsError: true)
    {
        IsPressAnswer = true,
    };

    public static ChatReply UnknownButton { get; } = new("This button no longer does anything.", [], ReplyVisibility.Private, IsError: true)
    {
        IsPressAnswer = true,
    };

    public static ChatReply NoSuchPost(string what, CommandNames commands) =>
        ChatReply.Error($"No post of yours matches {what}. Send {commands.Posts} to see your posts and their numbers.");

    public static ChatReply WhichPost(string command, CommandNames commands) => ChatReply.Error(
        commands.RepliesToMessages
            ? $"Which post? Reply {command} to the bot's \"Published on LinkedIn\" message, or give its number: {commands.WithNumber(command, 12)}. {commands.Posts} lists them."
            : $"Which post? Give its number or URL: {commands.WithNumber(command, 12)}. {commands.Posts} lists them.");

    public static ChatReply AlreadyDeleted(PublishedPost post) =>
        ChatReply.Info($"Post {post.Number} was already deleted from LinkedIn.");

    public static ChatReply DeleteFailed(PublishOutcome failure, CommandNames commands) => failure switch
    {
        PublishOutcome.NotLinked or PublishOutcome.LinkExpired => ChatReply.Error(
            $"The post was not deleted: your LinkedIn link expired or is gone. Send {commands.Link} to reconnect, then delete it again."),
        PublishOutcome.MissingPermission => ChatReply.Error(
            "LinkedIn refused to delete it: the linked account is not the one that published it, or it lacks the permission."),
        _ => ChatReply.Error("LinkedIn did not confirm the deletion. The post may still be there; try again in a few minutes."),
    };

    public static ChatReply Edited(PublishedPost post) =>
        new($"Updated the post on LinkedIn: {post.Url}", [new LinkButton("Open on LinkedIn", post.Url)], ReplyVisibility.Public);

    public static ChatReply EditUnchanged(PublishedPost post) =>
        ChatReply.Info($"Post {post.Number} on LinkedIn already has this text; nothing changed.");

    public static ChatReply EditOfDeleted(PublishedPost post) =>
        ChatReply.Error($"Post {post.Number} was deleted from LinkedIn, so it cannot be changed.");

    public static ChatReply EditChangesImage { get; } = ChatReply.Error(
        "LinkedIn lets only the text of a published post change, not its images or files, so nothing was changed. Delete the post and publish it again to change the picture.");

    public static ChatReply EditEmpty(CommandNames commands) => ChatReply.Error(
        $"A post cannot be changed to an empty text: send {commands.Edit} followed by the new text. Nothing was changed.");

    public static ChatReply EditFailed(PublishOutcome failure, CommandNames commands) => failure switch
    {
        PublishOutcome.NotLinked or PublishOutcome.LinkExpired => ChatReply.Error(
            $"The post was not changed: your LinkedIn link expired or is gone. Send {commands.Link} to reconnect, then edit it again."),
        PublishOutcome.Rejected rejected => ChatReply.Error($"LinkedIn did not accept the new text: {rejected.Reason}"),
        _ => ChatReply.Error("LinkedIn did not confirm the change. Try again in a few minutes."),
    };

    /// <summary>The user's last posts, with the scheduled ones first.</summary>
    public static ChatReply Posts(IReadOnlyList<PublishedPost> published, IReadOnlyList<WaitingPost> scheduled, TimeZoneInfo zone, CommandNames commands)
    {
        if (published.Count == 0 && scheduled.Count == 0)
        {
            return ChatReply.Info($"You have not published anything with the bot yet. Send {commands.Post} with your text.");
        }

        var lines = new List<string> { "Your posts (newest first):" };
        foreach (var post in scheduled)
        {
            var when = post.DueAt is { } due ? Schedules.Local(due, zone) : "?";
            lines.Add($"{post.Number} · scheduled for {when} · \"{FirstWords(post.Text)}\"");
        }

        foreach (var post in published)
        {
            var state = post.DeletedAt is not null ? " · deleted" : post.EditedAt is not null ? " · edited" : string.Empty;
            lines.Add($"{post.Number} · {Schedules.Local(post.PublishedAt, zone)} · \"{FirstWords(post.Text)}\" · {post.Url}{state}");
        }

        return ChatReply.Info(string.Join('\n', lines));
    }

    /// <summary>The first few words of a post, on one line.</summary>
    internal static string FirstWords(string text, int max = 40)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0)
        {
            return "(image)";
        }

        if (line.Length <= max)
        {
            return line;
        }

        var cut = line.LastIndexOf(' ', max);
        var end = cut > max / 2 ? cut : max;
        if (char.IsHighSurrogate(line[end - 1]))
        {
            end--;
        }

        return string.Concat(line.AsSpan(0, end), "…");
    }

    internal static string Number(long number) => number.ToString(CultureInfo.InvariantCulture);
}
