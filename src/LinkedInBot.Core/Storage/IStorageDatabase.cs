using System.Data.Common;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The configured database, whichever <c>Storage:Provider</c> it is: what needs only portable SQL (the key ring
/// table, the start-up key ring check) and <c>/healthz</c> use. The stores talk to their own provider's type.
/// </summary>
public interface IStorageDatabase
{
    StorageProvider Provider { get; }

    /// <summary>A human-readable name for messages and logs (never the connection string, which could hold a password).</summary>
    string DisplayName { get; }

    /// <summary>An open connection with the provider's per-connection settings; the caller disposes it.</summary>
    Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>For <c>/healthz</c>: true when a connection opens and answers a query.</summary>
    Task<bool> CanConnectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// For <c>/healthz</c> and start-up: whether a write would succeed now (read-only file or server, full disk, a lock
    /// held past the busy timeout). Cheap: one short transaction that is rolled back. Never throws but for cancellation.
    /// </summary>
    Task<StorageProbe> ProbeWriteAsync(CancellationToken cancellationToken);
}
