using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>/as: which page each user posts as in each chat.</summary>
internal sealed class PageChoicesCopier : TableCopier
{
    public override string Table => "page_choices";

    protected override IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; } =
    [
        Text("platform"), Text("chat_id"), Text("user_id"), Text("organization_id"), Text("updated_at"),
    ];
}
