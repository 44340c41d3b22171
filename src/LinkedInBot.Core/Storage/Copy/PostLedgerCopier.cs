using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

internal sealed class PostLedgerCopier : TableCopier
{
    public override string Table => "post_ledger";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        ("id", NpgsqlDbType.Bigint), Text("platform"), Text("chat_id"), Text("message_id"), Text("user_id"),
        Text("reply_context"), Text("text"), ("image", NpgsqlDbType.Bytea), Text("image_urn"), Text("outcome_kind"),
        Text("outcome_urn"), Text("outcome_url"), Text("outcome_detail"), ("replied", NpgsqlDbType.Boolean),
        Text("created_at"), Text("updated_at"), Text("edited_at"), Text("deleted_at"), Text("image_name"), Text("link_card"),
        Text("attachments"), Text("attachment_urns"),
        Text("author_urn"), Text("author_name"),
    ];

    // SQLite keeps the flag as 0/1.
    protected override object Convert(string column, object value) =>
        column == "replied" ? (long)value != 0 : value;

    // The ids are kept (they are only internal keys, but keeping them keeps the copy exact); the identity must then
    // continue after the highest one, or the next post would collide with a copied row.
    protected override Task AfterCopyAsync(NpgsqlConnection target, CancellationToken cancellationToken) =>
        target.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence('post_ledger', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM post_ledger",
            cancellationToken: cancellationToken));
}
