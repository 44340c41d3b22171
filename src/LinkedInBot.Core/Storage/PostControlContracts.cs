using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// A post the bot published, as the post ledger remembers it. <see cref="Number"/> is the ledger entry's id: the number
/// users type after <c>/delete</c> and see in <c>/posts</c>.
/// </summary>
public sealed record PublishedPost(
    long Number,
    ChatAddress Address,
    string MessageId,
    string Text,
    string Urn,
    Uri Url,
    DateTimeOffset PublishedAt,
    DateTimeOffset? EditedAt,
    DateTimeOffset? DeletedAt,
    bool HasImage = false,
    string? ImageName = null);

/// <summary>The published posts of the post ledger, and what became of them afterwards (edited, deleted).</summary>
public interface IPostHistory
{
    /// <summary>The published post with this number, if the ledger holds one.</summary>
    Task<PublishedPost?> FindAsync(long number, CancellationToken cancellationToken);

    /// <summary>The post published from this chat message (a Telegram message the user edits afterwards).</summary>
    Task<PublishedPost?> FindByMessageAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken);

    /// <summary>The user's published post with this URN (a URL pasted into the console).</summary>
    Task<PublishedPost?> FindByUrnAsync(string platform, string userId, string urn, CancellationToken cancellationToken);

    /// <summary>The user's newest published posts on this platform, newest first.</summary>
    Task<IReadOnlyList<PublishedPost>> RecentAsync(string platform, string userId, int count, CancellationToken cancellationToken);

    /// <summary>Marks the post deleted; false when it was already (a button pressed twice).</summary>
    Task<bool> MarkDeletedAsync(long number, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Remembers the name the platform gave the post's picture (to tell a replaced picture from a new caption).</summary>
    Task SetImageNameAsync(long number, string imageName, CancellationToken cancellationToken);

    /// <summary>Stores the post's new text after LinkedIn took it.</summary>
    Task MarkEditedAsync(long number, string text, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Where a waiting post stands. Stored as text: rename a member freely, never its stored name.</summary>
public enum WaitingPostState
{
    /// <summary>Shown as a preview; waits for Publish, Schedule or Cancel.</summary>
    Draft,

    /// <summary>Waits for its time; a job due then publishes it.</summary>
    Scheduled,

    /// <summary>Its time passed while the bot was down, by more than Bot:LateScheduleLimit: the author is asked.</summary>
    Late,

    /// <summary>Being published (the post ledger keeps that once).</summary>
    Publishing,

    Published,

    Cancelled,
}

/// <summary>An image of a waiting post: what the platform's media source needs to open it when the post goes out.</summary>
public sealed record WaitingImage(string FileName, long? DeclaredLength, string Reference)
{
    /// <summary>The image to publish, opened through <paramref name="platform"/>'s media source when the post goes out.</summary>
    public ChatImage Reopen(string platform, IEnumerable<IChatMediaSource> mediaSources) =>
        (ChatImage)new AttachmentReference(AttachmentKind.Image, FileName, DeclaredLength, Reference)
            .ToAttachment(platform, mediaSources.LastOrDefault(m => m.Platform == platform));
}

/// <summary>A post that waits for its time (scheduled) or its author's decision (a draft). Numbered by the store.</summary>
public sealed record WaitingPost(
    long Number,
    ChatAddress Address,
    string MessageId,
    string? DisplayName,
    bool IsGroupChat,
    string Text,
    WaitingImage? Image,
    WaitingPostState State,
    DateTimeOffset? DueAt,
    DateTimeOffset CreatedAt);

/// <summary>Scheduled posts and drafts.</summary>
public interface IWaitingPostStore
{
    /// <summary>Stores a new one (its <see cref="WaitingPost.Number"/> is ignored), or returns the one a redelivered request made (Created = false).</summary>
    Task<(WaitingPost Post, bool Created)> AddAsync(WaitingPost post, DateTimeOffset now, CancellationToken cancellationToken);

    Task<WaitingPost?> FindAsync(long number, CancellationToken cancellationToken);

    /// <summary>The user's posts in one of <paramref name="states"/>, soonest first (drafts last).</summary>
    Task<IReadOnlyList<WaitingPost>> ListAsync(string platform, string userId, IReadOnlyCollection<WaitingPostState> states, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the post to <paramref name="to"/> only while it is in one of <paramref name="from"/> (and sets its time when
    /// <paramref name="dueAt"/> is given): true for the one caller that moved it, so a button pressed twice acts once.
    /// </summary>
    Task<bool> MoveAsync(long number, IReadOnlyCollection<WaitingPostState> from, WaitingPostState to, DateTimeOffset? dueAt, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>A chat user's own settings (per platform).</summary>
public sealed record UserSettings(string? TimeZone, bool PreviewByDefault)
{
    public static UserSettings Default { get; } = new(null, false);
}

public interface IUserSettingsStore
{
    Task<UserSettings> GetAsync(string platform, string userId, CancellationToken cancellationToken);

    Task SetTimeZoneAsync(string platform, string userId, string timeZone, DateTimeOffset now, CancellationToken cancellationToken);

    Task SetPreviewByDefaultAsync(string platform, string userId, bool preview, DateTimeOffset now, CancellationToken cancellationToken);
}
