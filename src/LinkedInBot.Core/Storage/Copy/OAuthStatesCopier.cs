namespace LinkedInBot.Core.Storage.Copy;

internal sealed class OAuthStatesCopier : TableCopier
{
    public override string Table => "oauth_states";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("state_hash"), Text("platform"), Text("chat_id"), Text("user_id"), Text("reply_context"),
        Text("display_name"), Text("created_at"), Text("expires_at"),
    ];
}
