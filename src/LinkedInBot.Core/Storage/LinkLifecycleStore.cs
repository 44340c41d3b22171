using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// <see cref="ILinkLifecycleStore"/> for both providers: the statements read the same in SQLite and PostgreSQL. A link
/// is named by its key and the time it was made (<c>linked_at</c>), so a reminder or a 401 meant for a link the user has
/// replaced since never touches the new one.
/// </summary>
internal sealed class LinkLifecycleStore(IStorageDatabase database, IDataErasure writes, ITokenProtector protector) : ILinkLifecycleStore
{
    private const string Columns = AccountLinkRow.Columns + ", reminded_days AS RemindedDays";

    public async Task<IReadOnlyList<ExpiringLink>> GetExpiringAsync(DateTimeOffset now, DateTimeOffset horizon, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM account_links
            WHERE expires_at > @Now AND expires_at < @Horizon AND (reminded_days IS NULL OR reminded_days > 1)
            ORDER BY expires_at
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ReminderRow>(new CommandDefinition(
            sql, new { Now = StoredTime.ToText(now), Horizon = StoredTime.ToText(horizon) }, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToExpiringLink(protector)).OfType<ExpiringLink>().ToList();
    }

    public async Task<ExpiringLink?> FindAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {Columns}
            FROM account_links
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ReminderRow>(new CommandDefinition(
            sql, new { address.Platform, address.ChatId, address.UserId }, cancellationToken: cancellationToken));
        return row?.ToExpiringLink(protector);
    }

    public Task<bool> MarkRemindedAsync(ChatAddress address, DateTimeOffset linkedAt, int days, CancellationToken cancellationToken) =>
        UpdateAsync(
            """
            UPDATE account_links SET reminded_days = @Days
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND linked_at = @LinkedAt
              AND (reminded_days IS NULL OR reminded_days > @Days)
            """,
            new { address.Platform, address.ChatId, address.UserId, LinkedAt = StoredTime.ToText(linkedAt), Days = days },
            cancellationToken);

    public Task<bool> MarkExpiredAsync(ChatAddress address, DateTimeOffset linkedAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            """
            UPDATE account_links SET expires_at = @Now
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND linked_at = @LinkedAt AND expires_at > @Now
            """,
            new { address.Platform, address.ChatId, address.UserId, LinkedAt = StoredTime.ToText(linkedAt), Now = StoredTime.ToText(now) },
            cancellationToken);

    // Rare writes (a reminder sent, a 401): through a transaction of their own, which both providers offer alike.
    private async Task<bool> UpdateAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        await writes.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)),
            cancellationToken) > 0;

    private sealed class ReminderRow : AccountLinkRow
    {
        // SQLite hands back a long, PostgreSQL an int: Dapper converts either.
        public int? RemindedDays { get; set; }

        public ExpiringLink? ToExpiringLink(ITokenProtector protector) =>
            ToLink(protector) is { } link ? new ExpiringLink(link, RemindedDays) : null;
    }
}
