using Dapper;
using Microsoft.Data.Sqlite;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>
/// Moves an existing SQLite install's data into an empty PostgreSQL database (the <c>migrate-storage</c> command):
/// brings both to this build's schema, refuses a target that holds any row, then copies every table in one
/// PostgreSQL transaction — all or nothing, so a failed run can simply be repeated.
/// </summary>
public sealed class SqliteToPostgresCopy(SqliteDatabase source, SqliteSchemaMigrator sourceMigrator, PostgresDatabase target, PostgresSchemaMigrator targetMigrator)
{
    // One per table of the schema (schema_version aside: each side records its own); a table without one is refused below.
    private static readonly TableCopier[] Copiers =
    [
        new AccountLinksCopier(),
        new OAuthStatesCopier(),
        new PostLedgerCopier(),
        new DataProtectionKeysCopier(),
        new ChatJobsCopier(),
        new LeasesCopier(),
        new PendingLinksCopier(),
        new HandledRequestsCopier(),
        new PendingSharesCopier(),
        new AlbumItemsCopier(),
        new SandboxTokensCopier(),
        new SandboxPostsCopier(),
        new UserSettingsCopier(),
        new ScheduledPostsCopier(),
        new PageChoicesCopier(),
        new ApprovalChatsCopier(),
        new ProposalsCopier(),
    ];

    internal static IEnumerable<string> CopiedTables => Copiers.Select(copier => copier.Table);

    /// <summary>Each table with the rows copied, in copy order.</summary>
    /// <exception cref="StorageCopyRefusedException">The target is not empty, or the source has a table no copier knows.</exception>
    public async Task<IReadOnlyList<(string Table, long Rows)>> CopyAsync(CancellationToken cancellationToken)
    {
        await sourceMigrator.MigrateAsync(cancellationToken);
        await targetMigrator.MigrateAsync(cancellationToken);

        await using var sqlite = await source.OpenAsync(cancellationToken);
        await ThrowIfAnyTableIsUnknownAsync(sqlite, cancellationToken);

        await using var postgres = await target.OpenAsync(cancellationToken);
        await using var transaction = await postgres.BeginTransactionAsync(cancellationToken);

        // Two copies started at once would both find the target empty; the second waits here and then refuses.
        await postgres.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(@Key)", new { Key = PostgresSchemaMigrator.MigrationLockKey }, transaction, cancellationToken: cancellationToken));
        foreach (var copier in Copiers)
        {
            if (await postgres.ExecuteScalarAsync<bool>(new CommandDefinition($"SELECT EXISTS (SELECT 1 FROM {copier.Table})", transaction: transaction, cancellationToken: cancellationToken)))
            {
                throw new StorageCopyRefusedException(
                    $"The target {target.DisplayName} already holds data (table {copier.Table} has rows); migrate-storage copies only into an empty database. Nothing was copied.");
            }
        }

        // One read transaction: every table is copied from the same moment of the SQLite file.
        await using var snapshot = sqlite.BeginTransaction(deferred: true);
        var copied = new List<(string, long)>();
        foreach (var copier in Copiers)
        {
            copied.Add((copier.Table, await copier.CopyAsync(sqlite, snapshot, postgres, cancellationToken)));
        }

        await transaction.CommitAsync(cancellationToken);
        return copied;
    }

    private static async Task ThrowIfAnyTableIsUnknownAsync(SqliteConnection sqlite, CancellationToken cancellationToken)
    {
        var tables = await sqlite.QueryAsync<string>(new CommandDefinition(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            cancellationToken: cancellationToken));
        var unknown = tables.Except(CopiedTables, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new StorageCopyRefusedException(
                $"The SQLite database has tables this build cannot copy ({string.Join(", ", unknown)}): it was written by a newer LinkedInBot. Nothing was copied.");
        }
    }
}

/// <summary>migrate-storage will not copy: the reason is written for the operator, and nothing was changed.</summary>
public sealed class StorageCopyRefusedException(string message) : Exception(message);
