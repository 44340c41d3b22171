using System.Data.Common;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>A chat user across all their chats on one platform: whose data <c>/forget</c> deletes.</summary>
public sealed record ChatUser(string Platform, string UserId)
{
    public static ChatUser Of(ChatAddress address) => new(address.Platform, address.UserId);
}

/// <summary>A link that expires soon, and the smallest threshold (in days) its owner was already reminded of.</summary>
public sealed record ExpiringLink(AccountLink Link, int? RemindedDays);

/// <summary>What the expiry reminders and the handling of LinkedIn's 401 need of the account links.</summary>
public interface ILinkLifecycleStore
{
    /// <summary>
    /// Links still valid at <paramref name="now"/> that expire before <paramref name="horizon"/> and whose owner was not
    /// yet reminded of the last threshold (1 day). Links whose token cannot be read are left out.
    /// </summary>
    Task<IReadOnlyList<ExpiringLink>> GetExpiringAsync(DateTimeOffset now, DateTimeOffset horizon, CancellationToken cancellationToken);

    /// <summary>The link of exactly this (platform, chat, user), with its reminder state.</summary>
    Task<ExpiringLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken);

    /// <summary>
    /// Records that the owner of the link made at <paramref name="linkedAt"/> was reminded at <paramref name="days"/>;
    /// false when that link is gone (replaced or deleted) or was reminded of this threshold (or a later one) already.
    /// </summary>
    Task<bool> MarkRemindedAsync(ChatAddress address, DateTimeOffset linkedAt, int days, CancellationToken cancellationToken);

    /// <summary>
    /// LinkedIn refused the token of the link made at <paramref name="linkedAt"/> (401): it ends now, so <c>/status</c>
    /// says it expired and no reminder is sent for it. False when the link is gone or already expired.
    /// </summary>
    Task<bool> MarkExpiredAsync(ChatAddress address, DateTimeOffset linkedAt, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// One store's share of a user's data, for <c>/forget</c>. Every store that keeps something of a user registers one
/// (<c>services.AddSingleton&lt;IUserDataEraser, …&gt;()</c>): the forget command lists and erases them all, so drafts,
/// scheduled posts and whatever comes next plug in without touching it. On SQLite, erase through
/// <see cref="IDataErasure.WriteAsync"/> so that nothing deleted stays readable in the file.
/// Account links are not erased here: <see cref="Linking.AccountLinking.UnlinkAsync"/> deletes them and revokes their tokens.
/// </summary>
public interface IUserDataEraser
{
    /// <summary>What this store holds of the user, one line per kind of thing, in the words of the confirmation; empty when nothing.</summary>
    Task<IReadOnlyList<string>> DescribeAsync(ChatUser user, CancellationToken cancellationToken);

    /// <summary>Deletes it. Runs again harmlessly (a job cut off is run again).</summary>
    Task EraseAsync(ChatUser user, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>
/// Writes whose deleted data must not stay readable in the database files, and the clean-up after them. SQLite keeps
/// deleted rows in free pages and in the write-ahead log; PostgreSQL keeps dead rows until VACUUM (see docs/security.md).
/// </summary>
public interface IDataErasure
{
    /// <summary>
    /// Runs <paramref name="operation"/> in a transaction of its own. On SQLite with <c>PRAGMA secure_delete = ON</c>:
    /// what it deletes or overwrites is zeroed in the file instead of being left in free space.
    /// </summary>
    Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> operation, CancellationToken cancellationToken);

    /// <summary>
    /// After erasing: on SQLite, checkpoints the write-ahead log and truncates it to nothing (the deleted text lives on in
    /// its older frames); <paramref name="rebuild"/> also rebuilds the file (VACUUM), which drops the copies that earlier
    /// updates of a row left in free space. Failures are logged, not thrown: the rows are gone either way.
    /// </summary>
    Task ScrubAsync(bool rebuild, CancellationToken cancellationToken);
}

/// <summary>Storage:PostTextRetention: old ledger entries lose their text, keeping what the history needs.</summary>
public interface IPostTextRetention
{
    /// <summary>Removes the text, image and reply context of entries created before <paramref name="before"/>; returns how many changed.</summary>
    Task<int> RemoveTextBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
