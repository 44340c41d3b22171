using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>The items of albums being collected (<c>album_items</c>), kept in the store so any replica, or a restart, finishes an album.</summary>
public interface IAlbumStore
{
    /// <summary>Keeps an item (a redelivered one once); true when it is new.</summary>
    Task<bool> AddAsync(AlbumItem item, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>The album's items in album order, with when each arrived.</summary>
    Task<IReadOnlyList<(AlbumItem Item, DateTimeOffset ReceivedAt)>> ListAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken);

    Task DeleteAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken);
}

/// <summary>The shared SQL of both providers (the statements are the same; the connections differ).</summary>
internal static class AlbumSql
{
    public const string Insert = """
        INSERT INTO album_items (platform, chat_id, group_id, item_key, position, payload, received_at)
        VALUES (@Platform, @ChatId, @GroupId, @ItemKey, @Position, @Payload, @ReceivedAt)
        ON CONFLICT (platform, chat_id, group_id, item_key) DO NOTHING
        """;

    public const string Select = """
        SELECT payload AS Payload, received_at AS ReceivedAt FROM album_items
        WHERE platform = @Platform AND chat_id = @ChatId AND group_id = @GroupId
        ORDER BY position, item_key
        """;

    public const string Delete = "DELETE FROM album_items WHERE platform = @Platform AND chat_id = @ChatId AND group_id = @GroupId";

    public static object Parameters(AlbumItem item, DateTimeOffset receivedAt, ITokenProtector protector) => new
    {
        item.Address.Platform,
        item.Address.ChatId,
        item.GroupId,
        ItemKey = item.MessageId,
        item.Position,
        Payload = protector.Protect(AlbumItemJson.Serialize(item)),
        ReceivedAt = StoredTime.ToText(receivedAt),
    };

    public static IReadOnlyList<(AlbumItem, DateTimeOffset)> Read(IEnumerable<Row> rows, ITokenProtector protector) =>
        rows.Select(row => protector.Unprotect(row.Payload) is { } json && AlbumItemJson.Deserialize(json) is { } item ? (item, StoredTime.FromText(row.ReceivedAt)) : default)
            .Where(pair => pair.item is not null)
            .ToList();

    internal sealed class Row
    {
        public string Payload { get; set; } = "";
        public string ReceivedAt { get; set; } = "";
    }
}

internal sealed class SqliteAlbumStore(SqliteDatabase database, ITokenProtector protector) : IAlbumStore
{
    public async Task<bool> AddAsync(AlbumItem item, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var parameters = AlbumSql.Parameters(item, receivedAt, protector);
        return await database.WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(AlbumSql.Insert, parameters, cancellationToken: ct)), cancellationToken) == 1;
    }

    public async Task<IReadOnlyList<(AlbumItem Item, DateTimeOffset ReceivedAt)>> ListAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlbumSql.Row>(new CommandDefinition(AlbumSql.Select, new { Platform = platform, ChatId = chatId, GroupId = groupId }, cancellationToken: cancellationToken));
        return AlbumSql.Read(rows, protector);
    }

    public Task DeleteAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition(AlbumSql.Delete, new { Platform = platform, ChatId = chatId, GroupId = groupId }, cancellationToken: ct)), cancellationToken);
}

internal sealed class PostgresAlbumStore(PostgresDatabase database, ITokenProtector protector) : IAlbumStore
{
    public async Task<bool> AddAsync(AlbumItem item, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(AlbumSql.Insert, AlbumSql.Parameters(item, receivedAt, protector), cancellationToken: cancellationToken)) == 1;
    }

    public async Task<IReadOnlyList<(AlbumItem Item, DateTimeOffset ReceivedAt)>> ListAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AlbumSql.Row>(new CommandDefinition(AlbumSql.Select, new { Platform = platform, ChatId = chatId, GroupId = groupId }, cancellationToken: cancellationToken));
        return AlbumSql.Read(rows, protector);
    }

    public async Task DeleteAsync(string platform, string chatId, string groupId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(AlbumSql.Delete, new { Platform = platform, ChatId = chatId, GroupId = groupId }, cancellationToken: cancellationToken));
    }
}
