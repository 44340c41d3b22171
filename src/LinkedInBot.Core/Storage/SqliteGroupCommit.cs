using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Group commit for short writes: operations queued while a batch is being written go together into the next
/// transaction. Each caller's task completes only after that transaction's COMMIT, so a completed write is as
/// durable as one committed alone; each operation runs in its own savepoint, so one that fails is rolled back
/// and reported to its caller alone. Why: with many chats posting at once, a commit (plus the hand-over of the
/// write gate) per ledger update was the bot's bottleneck — measured 1283 → 2121 posts/s with two of the three
/// ledger writes per post left out.
/// </summary>
internal sealed class SqliteGroupCommit(SqliteDatabase database)
{
    // Bounds how long the first caller of a batch waits for the last one's work.
    private const int MaxBatch = 64;

    private readonly ConcurrentQueue<IPendingWrite> _queue = new();

    // 1 while a drainer runs. There is never more than one, so this process has one writer at a time, queued here
    // asynchronously rather than in SQLite's busy handler, which sleeps on a thread-pool thread (the busy timeout
    // still covers another process on the same file).
    private int _draining;

    public Task<T> WriteAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingWrite<T>(operation, cancellationToken);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return pending.Task;
    }

    private async Task DrainAsync()
    {
        var batch = new List<IPendingWrite>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref _draining, 0);

                // A write queued between the last TryDequeue and the reset above would otherwise wait for the next one.
                if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            try
            {
                await WriteBatchAsync(batch);
            }
            catch (Exception ex)
            {
                // Anything WriteBatchAsync did not answer itself (it answers every SQL failure): the callers hear
                // it, and the drain goes on, so no later write waits for a drainer that has died.
                foreach (var pending in batch)
                {
                    pending.Fail(ex);
                }
            }

            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<IPendingWrite> batch)
    {
        var written = new List<IPendingWrite>(batch.Count);
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);

            // Raw BEGIN/SAVEPOINT instead of SqliteTransaction: the operations issue their own commands and need not
            // know they are part of a batch. The savepoint commands are made once per batch: a SqliteCommand run
            // again keeps its prepared statement, where a new one (Dapper's way) is parsed and planned every time.
            using var savepoint = Statement(connection, "SAVEPOINT op");
            using var release = Statement(connection, "RELEASE op");
            Execute(connection, "BEGIN IMMEDIATE");
            try
            {
                foreach (var pending in batch)
                {
                    if (pending.IsCancelled)
                    {
                        pending.Cancel();
                        continue;
                    }

                    savepoint.ExecuteNonQuery();
                    try
                    {
                        await pending.RunAsync(connection);
                        release.ExecuteNonQuery();
                        written.Add(pending);
                    }
                    catch (Exception ex)
                    {
                        // If the savepoint cannot be rolled back, SQLite has ended the transaction: the catch below
                        // fails the whole batch.
                        Execute(connection, "ROLLBACK TO op; RELEASE op");
                        pending.Fail(ex);
                    }
                }

                Execute(connection, "COMMIT");
            }
            catch
            {
                if (connection.Handle is { } handle && SQLitePCL.raw.sqlite3_get_autocommit(handle) == 0)
                {
                    try
                    {
                        Execute(connection, "ROLLBACK");
                    }
                    catch (SqliteException)
                    {
                        // Never hand a connection with an open transaction back to the pool.
                        SqliteConnection.ClearPool(connection);
                    }
                }

                throw;
            }
        }
        catch (Exception ex)
        {
            // Nothing of this batch is committed: every write still waiting hears why.
            foreach (var pending in batch)
            {
                pending.Fail(ex);
            }

            return;
        }

        foreach (var pending in written)
        {
            pending.Complete();
        }
    }

    // SQLite runs in the calling thread either way (Microsoft.Data.Sqlite's async methods complete synchronously),
    // so the batch's own statements skip the async machinery.
    private static SqliteCommand Statement(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = Statement(connection, sql);
        command.ExecuteNonQuery();
    }

    private interface IPendingWrite
    {
        bool IsCancelled { get; }

        Task RunAsync(SqliteConnection connection);

        void Complete();

        void Fail(Exception exception);

        void Cancel();
    }

    private sealed class PendingWrite<T>(Func<SqliteConnection, CancellationToken, Task<T>> operation, CancellationToken cancellationToken) : IPendingWrite
    {
        // Continuations run elsewhere: a batch's callers must not run their next steps on the writer.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _done.Task;

        public bool IsCancelled => cancellationToken.IsCancellationRequested;

        public async Task RunAsync(SqliteConnection connection) => _result = await operation(connection, cancellationToken);

        public void Complete() => _done.TrySetResult(_result);

        public void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                _done.TrySetCanceled(cancellationToken);
            }
            else
            {
                _done.TrySetException(exception);
            }
        }

        public void Cancel() => _done.TrySetCanceled(cancellationToken);
    }
}
