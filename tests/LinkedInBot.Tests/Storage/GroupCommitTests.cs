using Dapper;
using LinkedInBot.Core.Storage;
using Microsoft.Data.Sqlite;

namespace LinkedInBot.Tests.Storage;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Write_ManyAtOnceWithOneFailing_CommitsAllOthersAndRollsBackOnlyTheFailedOne()
    {
        await using var storage = await TempStorage.CreateAsync();
        var database = storage.Get<SqliteDatabase>();
        await CreateTableAsync(database);

        var writes = Enumerable.Range(1, 50).Select(n => database.WriteAsync(
            async (connection, ct) =>
            {
                await connection.ExecuteAsync(new CommandDefinition("INSERT INTO t (n) VALUES (@N)", new { N = n }, cancellationToken: ct));
                if (n == 25)
                {
                    // Its own insert ran before it failed: the savepoint must take it back.
                    throw new InvalidOperationException("write 25 fails");
                }

                return n;
            },
            CancellationToken.None)).ToList();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => writes[24]);
        Assert.Equal("write 25 fails", failure.Message);
        foreach (var write in writes.Where((_, i) => i != 24))
        {
            await write;
        }

        var stored = await ReadAllAsync(database);
        Assert.Equal(Enumerable.Range(1, 50).Where(n => n != 25).Select(n => (long)n), stored);
    }

    [Fact]
    public async Task Write_Completed_IsVisibleToANewConnection()
    {
        await using var storage = await TempStorage.CreateAsync();
        var database = storage.Get<SqliteDatabase>();
        await CreateTableAsync(database);

        var n = await database.WriteAsync(
            async (connection, ct) => await connection.ExecuteAsync(new CommandDefinition("INSERT INTO t (n) VALUES (7)", cancellationToken: ct)),
            CancellationToken.None);

        Assert.Equal(1, n);
        using var other = new SqliteConnection($"Data Source={storage.DatabasePath};Pooling=False");
        other.Open();
        Assert.Equal(7, other.ExecuteScalar<long>("SELECT n FROM t"));
    }

    [Fact]
    public async Task Write_AlreadyCancelled_IsNotRun()
    {
        await using var storage = await TempStorage.CreateAsync();
        var database = storage.Get<SqliteDatabase>();
        await CreateTableAsync(database);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition("INSERT INTO t (n) VALUES (1)", cancellationToken: ct)),
            cancelled.Token));

        Assert.Empty(await ReadAllAsync(database));
    }

    private static async Task CreateTableAsync(SqliteDatabase database)
    {
        await database.WriteAsync((connection, ct) => connection.ExecuteAsync(new CommandDefinition("CREATE TABLE t (n INTEGER NOT NULL)", cancellationToken: ct)), CancellationToken.None);
    }

    private static async Task<List<long>> ReadAllAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        return (await connection.QueryAsync<long>("SELECT n FROM t ORDER BY n")).ToList();
    }
}
