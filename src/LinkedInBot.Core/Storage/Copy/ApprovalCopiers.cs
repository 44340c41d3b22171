using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Group chats with team approval on.</summary>
internal sealed class ApprovalChatsCopier : TableCopier
{
    public override string Table => "approval_chats";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("chat_id"), Text("organization_id"), Text("organization_name"), Text("enabled_by"), Text("enabled_at"),
    ];
}

/// <summary>Proposed posts, decided or not; the ids are kept (buttons carry them).</summary>
internal sealed class ProposalsCopier : TableCopier
{
    public override string Table => "proposals";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        ("id", NpgsqlDbType.Bigint), Text("platform"), Text("chat_id"), Text("message_id"), Text("proposer_id"), Text("proposer_name"),
        Text("reply_context"), Text("text"), Text("image_name"), ("image_length", NpgsqlDbType.Bigint), Text("image_reference"),
        Text("organization_id"), Text("organization_name"), Text("state"), Text("decided_by"), Text("decided_by_name"),
        Text("decided_at"), Text("created_at"),
    ];

    protected override Task AfterCopyAsync(NpgsqlConnection target, CancellationToken cancellationToken) =>
        target.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence('proposals', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM proposals",
            cancellationToken: cancellationToken));
}
