using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Queued jobs move with the data (a request received before the switch still runs); ended ones too, until pruned.</summary>
internal sealed class ChatJobsCopier : TableCopier
{
    public override string Table => "chat_jobs";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        ("id", NpgsqlDbType.Bigint), Text("chat_key"), Text("kind"), Text("payload"), Text("dedupe_key"), Text("due_at"),
        Text("run_after"), Text("state"), ("attempts", NpgsqlDbType.Integer), Text("last_error"), Text("created_at"), Text("finished_at"),
    ];

    // SQLite hands every integer over as 64-bit.
    protected override object Convert(string column, object value) =>
        column == "attempts" ? System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) : value;

    // The ids are the chats' order: kept, and the identity continues after the highest.
    protected override Task AfterCopyAsync(NpgsqlConnection target, CancellationToken cancellationToken) =>
        target.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence('chat_jobs', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM chat_jobs",
            cancellationToken: cancellationToken));
}
