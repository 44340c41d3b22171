using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Tests.Storage;

public sealed class SqliteDatabaseTests
{
    [Fact]
    public async Task Open_PooledConnectionOpenedAgain_StillHasTheSettings()
    {
        await using var storage = await TempStorage.CreateAsync();
        var database = storage.Get<SqliteDatabase>();
        for (var i = 0; i < 3; i++)
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
            Assert.Equal(5000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous"));
        }
    }
}
