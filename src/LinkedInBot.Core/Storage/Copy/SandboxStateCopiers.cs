using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>The sandbox's issued tokens (hashes only); empty unless the bot ran without a LinkedIn app.</summary>
internal sealed class SandboxTokensCopier : TableCopier
{
    public override string Table => "sandbox_tokens";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("token_hash"), Text("member_sub"), Text("member_name"), Text("scopes"), Text("expires_at"), ("revoked", NpgsqlDbType.Boolean),
    ];

    // SQLite keeps the flag as 0/1.
    protected override object Convert(string column, object value) =>
        column == "revoked" ? (long)value != 0 : value;
}

/// <summary>The sandbox's feed; empty unless the bot ran without a LinkedIn app.</summary>
internal sealed class SandboxPostsCopier : TableCopier
{
    public override string Table => "sandbox_posts";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("urn"), Text("author_sub"), Text("author_name"), Text("commentary"), Text("rendered_text"), Text("visibility"),
        Text("image_id"), Text("image_alt_text"), Text("created_at"), Text("article"), Text("media"),
    ];
}
