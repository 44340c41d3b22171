using Dapper;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// <see cref="IPostTextRetention"/> for both providers. Entries keep their key (so a redelivery is still recognised),
/// the outcome (URN, URL) and their times; the text, any image bytes and the reply context go, zeroed on SQLite.
/// </summary>
internal sealed class PostTextRetention(IDataErasure erasure) : IPostTextRetention
{
    public async Task<int> RemoveTextBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        const string sql = """
            UPDATE post_ledger SET text = '', image = NULL, reply_context = NULL, attachments = NULL
            WHERE created_at < @Before AND (text <> '' OR image IS NOT NULL OR reply_context IS NOT NULL OR attachments IS NOT NULL)
            """;
        var changed = await erasure.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, new { Before = StoredTime.ToText(before) }, transaction, cancellationToken: ct)),
            cancellationToken);
        if (changed > 0)
        {
            await erasure.ScrubAsync(rebuild: false, cancellationToken);
        }

        return changed;
    }
}
