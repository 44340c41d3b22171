using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// Whether the Data Protection key ring works (it can encrypt and decrypt now) and reads the stored LinkedIn tokens.
/// Used at start-up (<see cref="KeyRingCheckService"/>), by <c>/healthz</c> and by the <c>forget-unreadable-links</c> command.
/// </summary>
public sealed class KeyRingCheck(IStorageDatabase database, IDataProtectionProvider dataProtection, IOptions<StorageOptions> options)
{
    /// <summary>The command that deletes the links no key can read, as an operator types it.</summary>
    public const string ForgetCommand =
        "dotnet LinkedInBot.dll forget-unreadable-links (from the repository: dotnet run --project src/LinkedInBot -- forget-unreadable-links)";

    private readonly IDataProtector protector = dataProtection.CreateProtector(DataProtectionTokenProtector.Purpose);

    /// <summary>Set by the start-up check when none of the newest stored tokens can be read; <c>/healthz</c> reports it.</summary>
    public string? StoredTokensProblem { get; internal set; }

    /// <summary>Where the key ring lives, for messages.</summary>
    public string Where => WhereOf(options.Value);

    public static string WhereOf(StorageOptions storage) => storage.KeyRing == KeyRingStorage.Database
        ? "Storage:KeyRing=Database: the data_protection_keys table"
        : $"Storage:KeysDirectory={Path.GetFullPath(storage.KeysDirectory)}";

    /// <summary>
    /// Null when a value can be encrypted and decrypted now; otherwise the line for the operator (a corrupt key file,
    /// a keys folder the bot cannot write its first key to). Microseconds once the key ring is loaded.
    /// </summary>
    public string? ProbeProblem()
    {
        try
        {
            const string probe = "key ring probe";
            return protector.Unprotect(protector.Protect(probe)) == probe ? null : Unusable("a value did not decrypt to itself");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var cause = ex;
            while (cause.InnerException is { } inner)
            {
                cause = inner;
            }

            return Unusable(cause.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.'));
        }
    }

    /// <summary>The line for a key ring that reads none of the stored tokens.</summary>
    public string TokensUnreadable(int unreadable, int checkedCount) =>
        $"The Data Protection key ring ({Where}) is missing or wrong: it cannot read the stored LinkedIn tokens ({unreadable} of the {checkedCount} newest). " +
        $"Restore the key ring that belongs to this database from your backup (docs/operations.md), or start over with {ForgetCommand}, " +
        "which deletes the links it cannot read (their users /link again). Nothing was changed or deleted.";

    /// <summary>The stored links whose token this key ring cannot read (the newest <paramref name="limit"/>, or all).</summary>
    public async Task<(int Checked, IReadOnlyList<StoredLinkKey> Unreadable)> FindUnreadableAsync(int? limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var sql = "SELECT platform AS Platform, chat_id AS ChatId, user_id AS UserId, access_token AS AccessToken FROM account_links ORDER BY updated_at DESC"
            + (limit is { } n ? $" LIMIT {n}" : string.Empty);
        var rows = (await connection.QueryAsync<StoredLinkKey>(new CommandDefinition(sql, cancellationToken: cancellationToken))).ToList();
        return (rows.Count, rows.Where(row => !CanDecrypt(row.AccessToken)).ToList());
    }

    /// <summary>Deletes every stored link whose token this key ring cannot read; returns how many were deleted and kept.</summary>
    public async Task<(int Deleted, int Kept)> ForgetUnreadableAsync(CancellationToken cancellationToken)
    {
        var (total, unreadable) = await FindUnreadableAsync(limit: null, cancellationToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using DbTransaction transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = 0;
        foreach (var row in unreadable)
        {
            // The token is part of the key: a link saved again since (readable now) is not deleted.
            deleted += await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM account_links WHERE platform = @Platform AND chat_id = @ChatId AND user_id = @UserId AND access_token = @AccessToken",
                row,
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return (deleted, total - deleted);
    }

    private string Unusable(string reason) => Unusable(Where, reason);

    /// <summary>The line for a key ring that cannot be used at all (a corrupt key file, a folder the bot cannot write).</summary>
    public static string Unusable(string where, string reason) =>
        $"The Data Protection key ring ({where}) cannot be used ({reason}). Restore it from the backup that belongs to the database, " +
        $"or give the bot's user write access to it (Docker: UID 1654). To start over instead, move the broken key ring away, start the bot, and run {ForgetCommand}.";

    private bool CanDecrypt(string token)
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

/// <summary>The key of a stored link and its ciphertext, as the key ring check reads them.</summary>
public sealed record StoredLinkKey
{
    public string Platform { get; init; } = string.Empty;

    public string ChatId { get; init; } = string.Empty;

    public string UserId { get; init; } = string.Empty;

    public string AccessToken { get; init; } = string.Empty;
}
