using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Sign-ins waiting for their code: copied so a code shown just before the switch still works.</summary>
internal sealed class PendingLinksCopier : TableCopier
{
    public override string Table => "pending_links";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("user_id"), Text("chat_id"), Text("reply_context"), Text("code_hash"), Text("member_urn"),
        Text("member_name"), Text("access_token"), Text("token_expires_at"), Text("scopes"), ("failed_attempts", NpgsqlDbType.Integer),
        Text("created_at"), Text("expires_at"), Text("refresh_token"), Text("refresh_expires_at"),
    ];

    // SQLite hands every integer over as 64-bit.
    protected override object Convert(string column, object value) =>
        column == "failed_attempts" ? System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : value;
}
