using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

internal sealed class UserSettingsCopier : TableCopier
{
    public override string Table => "user_settings";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("user_id"), Text("time_zone"), ("preview_by_default", NpgsqlDbType.Boolean), Text("updated_at"),
    ];

    // SQLite keeps the flag as 0/1.
    protected override object Convert(string column, object value) =>
        column == "preview_by_default" ? (long)value != 0 : value;
}

/// <summary>Scheduled posts and drafts; the jobs that publish them are copied with chat_jobs.</summary>
internal sealed class ScheduledPostsCopier : TableCopier
{
    public override string Table => "scheduled_posts";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        ("id", NpgsqlDbType.Bigint), Text("platform"), Text("chat_id"), Text("user_id"), Text("message_id"), Text("reply_context"),
        Text("display_name"), ("is_group", NpgsqlDbType.Boolean), Text("text"), Text("image_name"), ("image_length", NpgsqlDbType.Bigint),
        Text("image_reference"), Text("state"), Text("due_at"), Text("created_at"), Text("updated_at"),
    ];

    protected override object Convert(string column, object value) =>
        column == "is_group" ? (long)value != 0 : value;

    protected override Task AfterCopyAsync(NpgsqlConnection target, CancellationToken cancellationToken) =>
        target.ExecuteAsync(new CommandDefinition(
            "SELECT setval(pg_get_serial_sequence('scheduled_posts', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM scheduled_posts",
            cancellationToken: cancellationToken));
}
