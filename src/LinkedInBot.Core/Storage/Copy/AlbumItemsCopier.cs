namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Albums being collected (seconds): copied so an album whose check job was copied still finds its items.</summary>
internal sealed class AlbumItemsCopier : TableCopier
{
    public override string Table => "album_items";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("chat_id"), Text("group_id"), Text("item_key"), ("position", NpgsqlTypes.NpgsqlDbType.Bigint), Text("payload"), Text("received_at"),
    ];
}
