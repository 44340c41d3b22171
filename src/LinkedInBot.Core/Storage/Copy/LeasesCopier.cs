namespace LinkedInBot.Core.Storage.Copy;

/// <summary>
/// Leases are copied as they are: a stopped install's leases run out within Bot:LeaseTimeout, so at most they hold a
/// chat's first job back that long.
/// </summary>
internal sealed class LeasesCopier : TableCopier
{
    public override string Table => "leases";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("lease_key"), Text("owner"), Text("expires_at"),
    ];
}
