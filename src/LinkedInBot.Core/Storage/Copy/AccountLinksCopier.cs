namespace LinkedInBot.Core.Storage.Copy;

internal sealed class AccountLinksCopier : TableCopier
{
    public override string Table => "account_links";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("chat_id"), Text("user_id"), Text("member_urn"), Text("member_name"),
        Text("access_token"), Text("expires_at"), Text("scopes"), Text("linked_at"), Text("updated_at"),
        ("reminded_days", NpgsqlTypes.NpgsqlDbType.Integer), Text("pages"), Text("refresh_token"), Text("refresh_expires_at"),
    ];

    // SQLite hands every integer over as 64-bit.
    protected override object Convert(string column, object value) =>
        column == "reminded_days" ? System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : value;
}
