using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IPendingShareStore"/> on SQLite; the signed URL is stored only as ciphertext.</summary>
internal sealed class SqlitePendingShareStore(SqliteDatabase database, ITokenProtector protector) : IPendingShareStore
{
    public Task SaveAsync(PendingShare share, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var parameters = new
        {
            share.FormKey,
            share.UserId,
            share.FileName,
            Url = protector.Protect(share.Url),
            Attachments = AttachmentColumns.Write(share.Attachments, protector),
            ExpiresAt = StoredTime.ToText(share.ExpiresAt),
            Now = StoredTime.ToText(now),
        };
        return database.WriteAsync(
            async (connection, ct) =>
            {
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM pending_shares WHERE expires_at <= @Now", parameters, cancellationToken: ct));
                return await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO pending_shares (form_key, user_id, file_name, url, expires_at, attachments) VALUES (@FormKey, @UserId, @FileName, @Url, @ExpiresAt, @Attachments) ON CONFLICT (form_key) DO NOTHING",
                    parameters,
                    cancellationToken: ct));
            },
            cancellationToken);
    }

    public async Task<PendingShare?> FindAsync(string formKey, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            "SELECT file_name AS FileName, url AS Url, expires_at AS ExpiresAt, attachments AS Attachments FROM pending_shares WHERE form_key = @FormKey AND user_id = @UserId AND expires_at > @Now",
            new { FormKey = formKey, UserId = userId, Now = StoredTime.ToText(now) },
            cancellationToken: cancellationToken));
        if (row is null || protector.Unprotect(row.Url) is not { } url)
        {
            return null;
        }

        return new PendingShare(formKey, userId, row.FileName, url, StoredTime.FromText(row.ExpiresAt))
        {
            Attachments = AttachmentColumns.Read(row.Attachments, protector),
        };
    }

    private sealed class Row
    {
        public string FileName { get; set; } = "";
        public string Url { get; set; } = "";
        public string ExpiresAt { get; set; } = "";
        public string? Attachments { get; set; }
    }
}
