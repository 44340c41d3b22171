using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// At start-up, tries to decrypt the newest stored LinkedIn tokens. A replica started with another key ring (a
/// fresh <c>Storage:KeysDirectory</c>, a volume not shared) would otherwise only show it when users' posts answer
/// "link again": this says so in one line at once. It only reads: no token is changed or deleted, so restoring the
/// right key ring makes every link work again.
/// </summary>
internal sealed class KeyRingCheckService(
    IStorageDatabase database,
    IDataProtectionProvider dataProtection,
    IOptions<StorageOptions> options,
    ILogger<KeyRingCheckService> logger) : IHostedService
{
    // Enough to tell "another key ring" from one stray unreadable row, few enough to cost nothing at start-up.
    private const int Sample = 20;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<string> tokens;
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            tokens = (await connection.QueryAsync<string>(new CommandDefinition(
                $"SELECT access_token FROM account_links ORDER BY updated_at DESC LIMIT {Sample}", cancellationToken: cancellationToken))).ToList();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("The key ring check could not read the stored tokens from {Database}: {Reason}", database.DisplayName, ex.Message);
            return;
        }

        var protector = dataProtection.CreateProtector(DataProtectionTokenProtector.Purpose);
        var unreadable = tokens.Count(token => !CanDecrypt(protector, token));
        if (unreadable == 0)
        {
            return;
        }

        var where = options.Value.KeyRing == KeyRingStorage.Database
            ? "Storage:KeyRing=Database: the data_protection_keys table"
            : "Storage:KeyRing=Directory: Storage:KeysDirectory";
        if (unreadable == tokens.Count)
        {
            logger.LogError(
                "The Data Protection key ring ({KeyRing}) cannot read the stored LinkedIn tokens ({Unreadable} of the {Checked} newest failed): " +
                "it is not the key ring that encrypted them. Point this bot at that key ring (every replica must share it), or linked users " +
                "will be asked to /link again. No stored token was changed or deleted.",
                where, unreadable, tokens.Count);
        }
        else
        {
            logger.LogWarning(
                "{Unreadable} of the {Checked} newest stored LinkedIn tokens cannot be decrypted with the key ring ({KeyRing}); " +
                "those users will be asked to /link again. No stored token was changed or deleted.",
                unreadable, tokens.Count, where);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static bool CanDecrypt(IDataProtector protector, string token)
    {
        try
        {
            protector.Unprotect(token);
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }
}
