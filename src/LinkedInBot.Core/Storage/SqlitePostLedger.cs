using Dapper;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;
using Microsoft.Data.Sqlite;

namespace LinkedInBot.Core.Storage;

/// <summary><see cref="IPostLedger"/> on SQLite; the reply context is stored only as ciphertext.</summary>
internal sealed class SqlitePostLedger(SqliteDatabase database, ITokenProtector protector) : IPostLedger
{
    public async Task<PostLedgerEntry?> FindAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, platform, chatId, messageId, cancellationToken);
    }

    public async Task<(PostLedgerEntry Entry, bool Created)> BeginAsync(
        ChatAddress address, string messageId, string text, byte[]? image, IReadOnlyList<AttachmentReference> attachments, DateTimeOffset now, CancellationToken cancellationToken, PostAuthor? author = null)
    {
        // The unique key decides who was first: a redelivery racing this one inserts nothing and reads the winner's row.
        const string sql = """
            INSERT INTO post_ledger (platform, chat_id, message_id, user_id, reply_context, text, image, attachments, replied, created_at, updated_at, author_urn, author_name)
            VALUES (@Platform, @ChatId, @MessageId, @UserId, @ReplyContext, @Text, @Image, @Attachments, 0, @Now, @Now, @AuthorUrn, @AuthorName)
            ON CONFLICT (platform, chat_id, message_id) DO NOTHING
            RETURNING id
            """;
        var stamp = StoredTime.ToText(now);
        var parameters = new
        {
            address.Platform,
            address.ChatId,
            MessageId = messageId,
            address.UserId,
            ReplyContext = address.ReplyContext is { } context ? protector.Protect(context) : null,
            Text = text,
            Image = image,
            Attachments = AttachmentColumns.Write(attachments, protector),
            Now = stamp,
            AuthorUrn = author?.Urn,
            AuthorName = author?.Name,
        };

        var (insertedId, existing) = await database.WriteAsync(
            async (connection, ct) =>
            {
                var insertedId = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(sql, parameters, cancellationToken: ct));
                var existing = insertedId is null
                    ? await FindRowAsync(connection, address.Platform, address.ChatId, messageId, ct)
                        ?? throw new InvalidOperationException("The post ledger entry that blocked the insert has vanished.")
                    : null;
                return (insertedId, existing);
            },
            cancellationToken);

        // A new row is exactly what was just written (no need to read it back, or to decrypt the reply context);
        // decrypting someone else's row happens outside the write, which keeps the batch short.
        if (insertedId is { } id)
        {
            var at = StoredTime.FromText(stamp);
            return (new PostLedgerEntry(id, address, messageId, text, image, null, null, false, at, at) { Attachments = attachments, Author = author }, true);
        }

        return (existing!.ToEntry(protector), false);
    }

    public Task SetImageUrnAsync(long id, string imageUrn, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE post_ledger SET image_urn = @ImageUrn, updated_at = @Now WHERE id = @Id",
            new { Id = id, ImageUrn = imageUrn, Now = StoredTime.ToText(now) },
            cancellationToken);

    public Task SetAttachmentUrnsAsync(long id, IReadOnlyList<string> urns, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE post_ledger SET attachment_urns = @Urns, updated_at = @Now WHERE id = @Id",
            new { Id = id, Urns = AttachmentColumns.WriteUrns(urns), Now = StoredTime.ToText(now) },
            cancellationToken);

    public Task SetLinkCardAsync(long id, string linkCard, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE post_ledger SET link_card = @LinkCard, updated_at = @Now WHERE id = @Id",
            new { Id = id, LinkCard = linkCard, Now = StoredTime.ToText(now) },
            cancellationToken);

    public Task CompleteAsync(long id, PublishOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The image is only needed to (re)publish; once there is an outcome it is dead weight, and a user's photo.
        const string sql = """
            UPDATE post_ledger
            SET outcome_kind = @Kind, outcome_urn = @Urn, outcome_url = @Url, outcome_detail = @Detail,
                image = NULL, updated_at = @Now
            WHERE id = @Id
            """;
        var (kind, urn, url, detail) = PublishOutcomeColumns.ToColumns(outcome);
        return UpdateAsync(sql, new { Id = id, Kind = kind, Urn = urn, Url = url, Detail = detail, Now = StoredTime.ToText(now) }, cancellationToken);
    }

    public Task MarkRepliedAsync(long id, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpdateAsync(
            "UPDATE post_ledger SET replied = 1, updated_at = @Now WHERE id = @Id",
            new { Id = id, Now = StoredTime.ToText(now) },
            cancellationToken);

    public async Task<IReadOnlyList<PostLedgerEntry>> GetUnfinishedAsync(CancellationToken cancellationToken)
    {
        // Unanswered ones only: an entry answered although its outcome could not be stored has nothing left to do
        // at a start (it would be listed at every one). The first condition is the partial index's, so it is used.
        const string sql = $"""
            SELECT {PostLedgerRow.Columns}
            FROM post_ledger
            WHERE (outcome_kind IS NULL OR replied = 0) AND replied = 0
            ORDER BY id
            """;
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<PostLedgerRow>(new CommandDefinition(sql, cancellationToken: cancellationToken));
        return rows.Select(row => row.ToEntry(protector)).ToList();
    }

    private async Task<PostLedgerEntry?> FindAsync(SqliteConnection connection, string platform, string chatId, string messageId, CancellationToken cancellationToken)
    {
        var row = await FindRowAsync(connection, platform, chatId, messageId, cancellationToken);
        return row?.ToEntry(protector);
    }

    private static async Task<PostLedgerRow?> FindRowAsync(SqliteConnection connection, string platform, string chatId, string messageId, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {PostLedgerRow.Columns}
            FROM post_ledger
            WHERE platform = @Platform AND chat_id = @ChatId AND message_id = @MessageId
            """;
        return await connection.QuerySingleOrDefaultAsync<PostLedgerRow>(new CommandDefinition(
            sql, new { Platform = platform, ChatId = chatId, MessageId = messageId }, cancellationToken: cancellationToken));
    }

    private async Task UpdateAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        var updated = await database.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: ct)),
            cancellationToken);
        if (updated == 0)
        {
            throw new InvalidOperationException("No post ledger entry has this id.");
        }
    }
}
