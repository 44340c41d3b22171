namespace LinkedInBot.Core.Storage.Copy;

/// <summary>The key ring too, when it was kept in the database (Storage:KeyRing = Database); empty otherwise.</summary>
internal sealed class DataProtectionKeysCopier : TableCopier
{
    public override string Table => "data_protection_keys";

    protected override IReadOnlyList<(string Name, NpgsqlTypes.NpgsqlDbType Type)> Columns { get; } =
    [
        Text("friendly_name"), Text("xml"), Text("created_at"),
    ];
}
