namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Share forms' images (15 minutes): copied so a form opened just before the switch can still be submitted.</summary>
internal sealed class PendingSharesCopier : TableCopier
{
    public override string Table => "pending_shares";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("form_key"), Text("user_id"), Text("file_name"), Text("url"), Text("expires_at"), Text("attachments"),
    ];
}
