using System.Data.Common;
using System.Globalization;
using Dapper;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The core's own share of a user's data for <c>/forget</c>, on both providers: their post history in the ledger
/// (text, image, reply context: the whole row), sign-ins not finished (OAuth states; a pending link is taken by
/// unlinking, like the links, which it lists), Discord share forms, and their requests still waiting in a queue that no
/// replica has started.
/// </summary>
internal sealed class CoreUserDataEraser(IStorageDatabase database, IDataErasure erasure, ITokenProtector protector) : IUserDataEraser
{
    public async Task<IReadOnlyList<string>> DescribeAsync(ChatUser user, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var parameters = new { user.Platform, user.UserId };
        var posts = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM post_ledger WHERE platform = @Platform AND user_id = @UserId", parameters, cancellationToken: cancellationToken));
        var proposals = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM proposals WHERE platform = @Platform AND proposer_id = @UserId", parameters, cancellationToken: cancellationToken));
        var signIns = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM oauth_states WHERE platform = @Platform AND user_id = @UserId", parameters, cancellationToken: cancellationToken));
        var shares = IsDiscord(user)
            ? await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM pending_shares WHERE user_id = @UserId", parameters, cancellationToken: cancellationToken))
            : 0;
        var queued = (await QueuedRequestsAsync(connection, null, user, cancellationToken)).Count;

        // Links are deleted and revoked by unlinking, before the erasers run; they are listed here, first.
        var names = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT member_name FROM account_links WHERE platform = @Platform AND user_id = @UserId ORDER BY linked_at", parameters, cancellationToken: cancellationToken)))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var pendingLinks = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM pending_links WHERE platform = @Platform AND user_id = @UserId", parameters, cancellationToken: cancellationToken));

        var lines = new List<string>();
        if (names.Count > 0)
        {
            lines.Add($"your LinkedIn link{(names.Count == 1 ? string.Empty : "s")} ({string.Join(", ", names)}), revoked at LinkedIn too");
        }

        if (posts > 0)
        {
            lines.Add(posts == 1 ? "1 post in the bot's history (its text and where it was published)" : $"{Count(posts)} posts in the bot's history (their text and where they were published)");
        }

        if (proposals > 0)
        {
            lines.Add(proposals == 1 ? "1 post you proposed for a company page" : $"{Count(proposals)} posts you proposed for company pages");
        }

        if (signIns + shares + pendingLinks > 0)
        {
            lines.Add("unfinished LinkedIn sign-ins and share forms");
        }

        if (queued > 0)
        {
            lines.Add(queued == 1 ? "1 request still waiting to run" : $"{Count(queued)} requests still waiting to run");
        }

        return lines;
    }

    public Task EraseAsync(ChatUser user, DateTimeOffset now, CancellationToken cancellationToken) =>
        erasure.WriteAsync(
            async (connection, transaction, ct) =>
            {
                var parameters = new { user.Platform, user.UserId, Now = StoredTime.ToText(now) };
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM post_ledger WHERE platform = @Platform AND user_id = @UserId", parameters, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM oauth_states WHERE platform = @Platform AND user_id = @UserId", parameters, transaction, cancellationToken: ct));
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM page_choices WHERE platform = @Platform AND user_id = @UserId", parameters, transaction, cancellationToken: ct));

                // Proposals they made (their text, picture and reply context); decided ones too: the post itself, if any, is the page's.
                await connection.ExecuteAsync(new CommandDefinition("DELETE FROM proposals WHERE platform = @Platform AND proposer_id = @UserId", parameters, transaction, cancellationToken: ct));
                if (IsDiscord(user))
                {
                    await connection.ExecuteAsync(new CommandDefinition("DELETE FROM pending_shares WHERE user_id = @UserId", parameters, transaction, cancellationToken: ct));
                }

                // Ended like any finished job (payload emptied, row kept): its dedupe key still stops a redelivery of the
                // same platform event from queuing it again.
                foreach (var id in await QueuedRequestsAsync(connection, transaction, user, ct))
                {
                    await connection.ExecuteAsync(new CommandDefinition(
                        "UPDATE chat_jobs SET state = 'done', payload = '', finished_at = @Now WHERE id = @Id AND state = 'queued' AND attempts = 0",
                        new { Id = id, parameters.Now },
                        transaction,
                        cancellationToken: ct));
                }

                return 0;
            },
            cancellationToken);

    /// <summary>
    /// The user's chat requests that no replica has taken yet (attempts = 0): a taken one may be running right now (the
    /// /forget itself is), and is left to finish. The user is only in the encrypted payload, so each is read.
    /// </summary>
    private async Task<IReadOnlyList<long>> QueuedRequestsAsync(DbConnection connection, DbTransaction? transaction, ChatUser user, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(long Id, string Payload)>(new CommandDefinition(
            "SELECT id, payload FROM chat_jobs WHERE state = 'queued' AND attempts = 0 AND kind = @Kind AND chat_key LIKE @ChatKeys",
            new { Kind = ChatRequestJobHandler.JobKind, ChatKeys = user.Platform + ":%" },
            transaction,
            cancellationToken: cancellationToken));
        return rows
            .Where(row => protector.Unprotect(row.Payload) is { } json && ChatRequestPayload.Deserialize(json) is { } payload
                && payload.Platform == user.Platform && payload.UserId == user.UserId)
            .Select(row => row.Id)
            .ToList();
    }

    // Share forms are Discord's; their rows carry only the user id.
    private static bool IsDiscord(ChatUser user) => user.Platform == "discord";

    private static string Count(long count) => count.ToString(CultureInfo.InvariantCulture);
}
