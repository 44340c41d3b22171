using Dapper;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Storage;

/// <summary>
/// Storage:KeyRing: the key ring in a folder or in the database, and the start-up line of a bot whose key ring
/// cannot read the stored tokens (issue 11: say so, never overwrite or drop them).
/// </summary>
public sealed class KeyRingTests
{
    private const string Token = "AQX-keyring-token-4b7d21c9";
    private static readonly ChatAddress Address = new("telegram", "chat-1", "user-1");

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task DatabaseKeyRing_AnotherProcessWithAnEmptyKeysDirectory_ReadsTheTokens(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        var firstKeys = Path.Combine(storage.Root, "keys-a");
        storage.Start(firstKeys, KeyRingStorage.Database);
        await storage.Get<IAccountLinkStore>().SaveAsync(Link(Token), CancellationToken.None);

        // A second replica: same database, a keys folder of its own that stays empty.
        storage.Start(Path.Combine(storage.Root, "keys-b"), KeyRingStorage.Database);
        var found = await storage.Get<IAccountLinkStore>().FindAsync(Address, CancellationToken.None);

        Assert.Equal(Token, found?.AccessToken);
        Assert.False(Directory.Exists(firstKeys) && Directory.EnumerateFiles(firstKeys).Any());
        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        Assert.Contains("<key", await connection.ExecuteScalarAsync<string>("SELECT xml FROM data_protection_keys"), StringComparison.Ordinal);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task StartupCheck_WithAnotherKeyRing_SaysSoInOneLineAndKeepsTheTokens(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        await storage.Get<IAccountLinkStore>().SaveAsync(Link(Token), CancellationToken.None);
        var stored = await StoredCiphertextAsync(storage);

        var logs = new CapturedLogs();
        storage.Start(keysDirectory: Path.Combine(storage.Root, "other-keys"), logs: logs);
        await RunStartupCheckAsync(storage);

        var line = Assert.Single(logs.Entries, IsTheBotsWarning);
        Assert.Equal(LogLevel.Error, line.Level);
        Assert.Contains("cannot read the stored LinkedIn tokens", line.Text, StringComparison.Ordinal);
        Assert.Contains("Storage:KeysDirectory", line.Text, StringComparison.Ordinal);
        Assert.Equal(stored, await StoredCiphertextAsync(storage));

        // The right key ring again: the link works, nothing was lost.
        storage.Start();
        Assert.Equal(Token, (await storage.Get<IAccountLinkStore>().FindAsync(Address, CancellationToken.None))?.AccessToken);
    }

    [Theory, OnSqlite, OnPostgreSQL]
    public async Task StartupCheck_WithTheKeyRingThatEncryptedTheTokens_SaysNothing(StorageProvider provider)
    {
        await using var storage = await TempStorage.CreateAsync(provider);
        await storage.Get<IAccountLinkStore>().SaveAsync(Link(Token), CancellationToken.None);

        var logs = new CapturedLogs();
        storage.Start(logs: logs);
        await RunStartupCheckAsync(storage);

        Assert.DoesNotContain(logs.Entries, IsTheBotsWarning);
    }

    [Fact]
    public async Task LostKeyRing_StatusSaysTheLinkCannotBeRead_AndForgetUnreadableLinksStartsOver()
    {
        using var folder = new TempDirectory();
        await using (var first = await LinkedInBot.Tests.Posting.CoreHost.StartAsync(folder))
        {
            await first.LinkAsync("ada", "token-ada", "Ada Lovelace");
        }

        // The key ring is lost: the bot starts with an empty one.
        var otherKeys = Path.Combine(folder.Path, "other-keys");
        await using (var second = await LinkedInBot.Tests.Posting.CoreHost.StartAsync(folder, keysDirectory: otherKeys))
        {
            var line = Assert.Single(second.Logs.Entries, entry => IsTheBotsWarning(entry) && entry.Level == LogLevel.Error);
            Assert.Contains("missing or wrong", line.Text, StringComparison.Ordinal);
            Assert.Contains("forget-unreadable-links", line.Text, StringComparison.Ordinal);
            Assert.NotNull(second.Host.Services.GetRequiredService<KeyRingCheck>().StoredTokensProblem);

            var status = Assert.Single(await second.SendAsync("ada", "/status"));
            Assert.DoesNotContain("No LinkedIn account is linked", status.Text, StringComparison.Ordinal);
            Assert.Contains("Ada Lovelace", status.Text, StringComparison.Ordinal);
            Assert.Contains("cannot read it", status.Text, StringComparison.Ordinal);
        }

        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await ForgetUnreadableLinksCommand.RunAsync(
            [ForgetUnreadableLinksCommand.Name],
            output,
            error,
            configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
                ["Storage:KeysDirectory"] = otherKeys,
            }));

        Assert.True(exit == 0, error.ToString());
        Assert.Contains("Deleted 1 LinkedIn link(s)", output.ToString(), StringComparison.Ordinal);
        await using var third = await LinkedInBot.Tests.Posting.CoreHost.StartAsync(folder, keysDirectory: otherKeys);
        Assert.DoesNotContain(third.Logs.Entries, entry => IsTheBotsWarning(entry) && entry.Category.Contains("KeyRing", StringComparison.Ordinal));
        Assert.Null(third.Host.Services.GetRequiredService<KeyRingCheck>().StoredTokensProblem);
        Assert.Contains("No LinkedIn account is linked", Assert.Single(await third.SendAsync("ada", "/status")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_WhenTheKeyRingReadsNoneOfTheStoredTokens_Answers503()
    {
        using var folder = new TempDirectory();
        await using (var first = await LinkedInBot.Tests.Configuration.RunningBot.StartAsync(LinkedInBot.Tests.Configuration.RunningBot.BaseSettings(folder)))
        {
            await first.App.Services.GetRequiredService<IAccountLinkStore>().SaveAsync(Link(Token), CancellationToken.None);
        }

        var settings = LinkedInBot.Tests.Configuration.RunningBot.BaseSettings(folder);
        settings["Storage:KeysDirectory"] = Path.Combine(folder.Path, "other-keys");
        await using var second = await LinkedInBot.Tests.Configuration.RunningBot.StartAsync(settings);
        using var response = await second.Http.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("""{"status":"unhealthy","storage":"ok","keyRing":"wrong"}""", await response.Content.ReadAsStringAsync());
    }

    // Data Protection's own "No XML encryptor configured" at a new key is held down by the host's logging settings.
    private static bool IsTheBotsWarning(CapturedLog entry) =>
        entry.Level >= LogLevel.Warning && entry.Category.StartsWith("LinkedInBot", StringComparison.Ordinal);

    private static async Task RunStartupCheckAsync(TempStorage storage)
    {
        var check = storage.Services.GetServices<IHostedService>().Single(service => service.GetType().Name == "KeyRingCheckService");
        await ((IHostedLifecycleService)check).StartingAsync(CancellationToken.None);
    }

    private static async Task<string?> StoredCiphertextAsync(TempStorage storage)
    {
        await using var connection = await storage.Get<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        return await connection.ExecuteScalarAsync<string>("SELECT access_token FROM account_links");
    }

    private static AccountLink Link(string token)
    {
        var now = DateTimeOffset.UtcNow;
        return new AccountLink(Address, "urn:li:person:ada", "Ada Lovelace", token, now.AddDays(60), ["w_member_social"], now, now);
    }
}
