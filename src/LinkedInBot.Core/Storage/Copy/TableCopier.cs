using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace LinkedInBot.Core.Storage.Copy;

/// <summary>
/// Copies one table from the SQLite database into the same table on PostgreSQL, rows exactly as stored: ciphertext
/// stays ciphertext (so the same key ring must be used), times stay <see cref="StoredTime"/> text. Uses binary COPY,
/// which streams a large ledger without holding it in memory.
/// </summary>
internal abstract class TableCopier
{
    public abstract string Table { get; }

    /// <summary>Every column of the table with its PostgreSQL type (a column left out would be lost).</summary>
    protected abstract IReadOnlyList<(string Name, NpgsqlDbType Type)> Columns { get; }

    public async Task<long> CopyAsync(SqliteConnection source, SqliteTransaction snapshot, NpgsqlConnection target, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", Columns.Select(column => column.Name));
        await using var command = source.CreateCommand();
        command.Transaction = snapshot;
        command.CommandText = $"SELECT {columns} FROM {Table}";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        await using (var importer = await target.BeginBinaryImportAsync($"COPY {Table} ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < Columns.Count; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        await importer.WriteNullAsync(cancellationToken);
                    }
                    else
                    {
                        await importer.WriteAsync(Convert(Columns[i].Name, reader.GetValue(i)), Columns[i].Type, cancellationToken);
                    }
                }

                rows++;
            }

            await importer.CompleteAsync(cancellationToken);
        }

        // The connection takes other commands only once the COPY is closed.
        await AfterCopyAsync(target, cancellationToken);
        return rows;
    }

    /// <summary>A SQLite value (text, 64-bit integer or bytes) as the PostgreSQL column takes it; most need nothing.</summary>
    protected virtual object Convert(string column, object value) => value;

    /// <summary>Runs after the rows are in, in the same transaction.</summary>
    protected virtual Task AfterCopyAsync(NpgsqlConnection target, CancellationToken cancellationToken) => Task.CompletedTask;

    protected static (string, NpgsqlDbType) Text(string name) => (name, NpgsqlDbType.Text);
}
