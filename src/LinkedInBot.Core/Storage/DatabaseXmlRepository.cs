using System.Xml.Linq;
using Dapper;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The Data Protection key ring in the bot's own database (<c>Storage:KeyRing</c> = Database): the
/// <c>data_protection_keys</c> table, on either provider, so every replica that shares the database shares the keys.
/// <see cref="IXmlRepository"/> is synchronous; Data Protection calls it rarely (at start-up, when a key is made,
/// and about once a day to refresh), so blocking on the connection is harmless.
/// </summary>
internal sealed class DatabaseXmlRepository(IStorageDatabase database, TimeProvider time) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
        return connection.Query<string>("SELECT xml FROM data_protection_keys ORDER BY created_at, friendly_name")
            .Select(xml => XElement.Parse(xml))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        // Data Protection names each key "key-{id}" and never stores one twice; two replicas making a first key at
        // the same moment make two keys with different ids, both kept (either decrypts what it protected).
        using var connection = database.OpenConnectionAsync(CancellationToken.None).GetAwaiter().GetResult();
        connection.Execute(
            "INSERT INTO data_protection_keys (friendly_name, xml, created_at) VALUES (@FriendlyName, @Xml, @CreatedAt)",
            new { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting), CreatedAt = StoredTime.ToText(time.GetUtcNow()) });
    }
}
