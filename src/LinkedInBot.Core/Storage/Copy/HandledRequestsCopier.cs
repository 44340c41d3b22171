namespace LinkedInBot.Core.Storage.Copy;

/// <summary>Requests already handled: copied so a replay arriving after the switch is still recognised.</summary>
internal sealed class HandledRequestsCopier : TableCopier
{
    public override string Table => "handled_requests";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("request_key"), Text("handled_at"),
    ];
}
