using Dapper;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Pages;

/// <summary>
/// <see cref="IPageStore"/> for both providers: the statements read the same in SQLite and PostgreSQL. /forget erases
/// the choices with the rest of the core's data (<see cref="CoreUserDataEraser"/>).
/// </summary>
internal sealed class PageStore(IStorageDatabase database, IDataErasure writes) : IPageStore
{
    public Task SavePagesAsync(ChatAddress linkAddress, DateTimeOffset linkedAt, IReadOnlyList<LinkedInPage> pages, CancellationToken cancellationToken) =>
        WriteAsync(
            """
            UPDATE account_links SET pages = @Pages
            WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND linked_at = @LinkedAt
            """,
            new { linkAddress.Platform, linkAddress.ChatId, linkAddress.UserId, LinkedAt = StoredTime.ToText(linkedAt), Pages = StoredPages.ToText(pages) },
            cancellationToken);

    public async Task<string?> GetChoiceAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<string?>(new CommandDefinition(
            "SELECT organization_id FROM page_choices WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId",
            new { address.Platform, address.ChatId, address.UserId },
            cancellationToken: cancellationToken));
    }

    public Task SetChoiceAsync(ChatAddress address, string? organizationId, DateTimeOffset now, CancellationToken cancellationToken) =>
        organizationId is null
            ? WriteAsync(
                "DELETE FROM page_choices WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId",
                new { address.Platform, address.ChatId, address.UserId },
                cancellationToken)
            : WriteAsync(
                """
                INSERT INTO page_choices (platform, chat_id, user_id, organization_id, updated_at)
                VALUES (@Platform, @ChatId, @UserId, @OrganizationId, @Now)
                ON CONFLICT (platform, chat_id, user_id) DO UPDATE SET organization_id = excluded.organization_id, updated_at = excluded.updated_at
                """,
                new { address.Platform, address.ChatId, address.UserId, OrganizationId = organizationId, Now = StoredTime.ToText(now) },
                cancellationToken);

    private Task<int> WriteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        writes.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)),
            cancellationToken);
}
