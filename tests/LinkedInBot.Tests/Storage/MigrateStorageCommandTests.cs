using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using LinkedInBot.Core.Storage.Copy;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace LinkedInBot.Tests.Storage;

/// <summary><c>migrate-storage --to</c>: a SQLite install's data into an empty PostgreSQL database, on a real server.</summary>
public sealed class MigrateStorageCommandTests
{
    private const string Token = "AQX-migrated-token-93be10";
    private const string InteractionToken = "discord-interaction-token-c0ffee";
    private const string Password = "pg-target-pass-5a1e";
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.FromTicks(0));
    private static readonly byte[] Image = [0x89, 0x50, 0x4E, 0x47, 7, 7, 7];

    [PostgresFact]
    public async Task MigrateStorage_CopiesEveryTable_AndThePostgresStoresReadItWithTheSameKeyRing()
    {
        await using var sqlite = await TempStorage.CreateAsync(StorageProvider.Sqlite);
        await using var postgres = await TempStorage.CreateUnmigratedAsync(StorageProvider.PostgreSQL);
        var state = new OAuthState("state-hash-1", new ChatAddress("discord", "channel-1", "user-2", InteractionToken), "Grace", Now, Now.AddMinutes(10));
        await sqlite.Get<IAccountLinkStore>().SaveAsync(Link(), CancellationToken.None);
        await sqlite.Get<IOAuthStateStore>().SaveAsync(state, CancellationToken.None);
        var ledger = sqlite.Get<IPostLedger>();
        var (done, _) = await ledger.BeginAsync(new ChatAddress("telegram", "chat-1", "user-1"), "m1", "first post", null, Now, CancellationToken.None);
        await ledger.CompleteAsync(done.Id, new PublishOutcome.Published("urn:li:share:1", new Uri("https://www.linkedin.com/feed/update/urn:li:share:1/")), Now, CancellationToken.None);
        await ledger.MarkRepliedAsync(done.Id, Now, CancellationToken.None);
        var (pending, _) = await ledger.BeginAsync(new ChatAddress("telegram", "chat-1", "user-1", "reply-ctx"), "m2", "second post", Image, Now, CancellationToken.None);

        var (exitCode, output, error) = await RunAsync(sqlite, WithPassword(postgres.ConnectionString));

        Assert.Equal("", error);
        Assert.Equal(0, exitCode);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["account_links: 1 rows", "oauth_states: 1 rows", "post_ledger: 2 rows", "data_protection_keys: 0 rows", "chat_jobs: 0 rows", "leases: 0 rows",
                "pending_links: 0 rows", "handled_requests: 0 rows", "pending_shares: 0 rows", "album_items: 0 rows", "sandbox_tokens: 0 rows", "sandbox_posts: 0 rows",
                "user_settings: 0 rows", "scheduled_posts: 0 rows"],
            lines[..^1]);
        Assert.DoesNotContain(Password, output, StringComparison.Ordinal);

        // The PostgreSQL bot, with the SQLite install's key ring, finds everything as it was.
        postgres.Start(keysDirectory: sqlite.KeysDirectory);
        Assert.Equal(Token, (await postgres.Get<IAccountLinkStore>().FindAsync(new ChatAddress("telegram", "chat-1", "user-1"), CancellationToken.None))?.AccessToken);
        Assert.Equal(state, await postgres.Get<IOAuthStateStore>().ConsumeAsync("state-hash-1", CancellationToken.None));
        var unfinished = Assert.Single(await postgres.Get<IPostLedger>().GetUnfinishedAsync(CancellationToken.None));
        Assert.Equal((pending.Id, "second post", "reply-ctx"), (unfinished.Id, unfinished.Text, unfinished.Address.ReplyContext));
        Assert.Equal(Image, unfinished.Image);
        var published = await postgres.Get<IPostLedger>().FindAsync("telegram", "chat-1", "m1", CancellationToken.None);
        Assert.True(published?.Replied);
        Assert.IsType<PublishOutcome.Published>(published?.Outcome);
        Assert.Equal(Now, published?.CreatedAt);

        // New posts continue after the copied ids.
        var (next, created) = await postgres.Get<IPostLedger>().BeginAsync(new ChatAddress("telegram", "chat-1", "user-1"), "m3", "third", null, Now, CancellationToken.None);
        Assert.True(created);
        Assert.True(next.Id > pending.Id);
    }

    [PostgresFact]
    public async Task MigrateStorage_IntoADatabaseThatHoldsData_RefusesInOneLineAndChangesNothing()
    {
        await using var sqlite = await TempStorage.CreateAsync(StorageProvider.Sqlite);
        await using var postgres = await TempStorage.CreateUnmigratedAsync(StorageProvider.PostgreSQL);
        await sqlite.Get<IAccountLinkStore>().SaveAsync(Link(), CancellationToken.None);
        var first = await RunAsync(sqlite, postgres.ConnectionString);
        Assert.True(first.ExitCode == 0, first.Error);

        var (exitCode, output, error) = await RunAsync(sqlite, postgres.ConnectionString);

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("already holds data", line, StringComparison.Ordinal);
        Assert.Contains("account_links", line, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM account_links"));
    }

    [Fact]
    public async Task MigrateStorage_ServerNotListening_ExitsNonZeroWithOneLineWithoutThePassword()
    {
        await using var sqlite = await TempStorage.CreateAsync(StorageProvider.Sqlite);

        var (exitCode, output, error) = await RunAsync(sqlite, $"Host=127.0.0.1;Port={FreePort.Next()};Username=bot;Password={Password};Timeout=3");

        Assert.NotEqual(0, exitCode);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("migrate-storage failed", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Data Source=data/linkedinbot.db")]
    public async Task MigrateStorage_WithoutAPostgresTarget_ExplainsTheOption(string target)
    {
        await using var sqlite = await TempStorage.CreateAsync(StorageProvider.Sqlite);

        var (exitCode, _, error) = await RunAsync(sqlite, target);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--to", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copiers_CoverEveryTableOfTheSqliteSchema()
    {
        await using var sqlite = await TempStorage.CreateAsync(StorageProvider.Sqlite);
        await using var connection = await sqlite.Get<SqliteDatabase>().OpenAsync(CancellationToken.None);

        var tables = await connection.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_version'");

        Assert.Equal(tables.Order(), SqliteToPostgresCopy.CopiedTables.Order());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(TempStorage sqlite, string target)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] args = target.Length == 0 ? ["migrate-storage"] : ["migrate-storage", "--to", target];
        var exitCode = await MigrateStorageCommand.RunAsync(args, output, error, configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = sqlite.ConnectionString,
            ["Storage:KeysDirectory"] = sqlite.KeysDirectory,
        }));
        return (exitCode, output.ToString(), error.ToString());
    }

    // A password the output must not show; the test servers trust loopback, so an unused one changes nothing.
    private static string WithPassword(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Password ??= Password;
        return builder.ConnectionString;
    }

    private static AccountLink Link() =>
        new(new ChatAddress("telegram", "chat-1", "user-1"), "urn:li:person:ada", "Ada Lovelace", Token, Now.AddDays(60), ["w_member_social"], Now, Now);
}
