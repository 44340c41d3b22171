using Dapper;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Approval;

/// <summary>A group chat whose posts go to a page once a page admin approves them (<c>/approval on &lt;page&gt;</c>).</summary>
public sealed record ApprovalChat(string Platform, string ChatId, string OrganizationId, string OrganizationName, string EnabledBy, DateTimeOffset EnabledAt);

/// <summary>A proposed post. <see cref="State"/>: <see cref="Pending"/>, <see cref="Approved"/> or <see cref="Rejected"/>.</summary>
public sealed record Proposal(
    long Id,
    ChatAddress Proposer,
    string? ProposerName,
    string MessageId,
    string Text,
    WaitingImage? Image,
    string OrganizationId,
    string OrganizationName,
    string State,
    string? DecidedByName,
    DateTimeOffset CreatedAt)
{
    public const string Pending = "pending";
    public const string Approved = "approved";
    public const string Rejected = "rejected";
}

/// <summary>Approval chats and proposals, for both providers (the statements read the same in SQLite and PostgreSQL).</summary>
public interface IApprovalStore
{
    Task<ApprovalChat?> FindChatAsync(string platform, string chatId, CancellationToken cancellationToken);

    Task SetChatAsync(ApprovalChat chat, CancellationToken cancellationToken);

    /// <summary>Turns approval off; false when it was not on.</summary>
    Task<bool> ClearChatAsync(string platform, string chatId, CancellationToken cancellationToken);

    /// <summary>Stores a proposal, or returns the one a redelivery of the same message stored (Created = false).</summary>
    Task<(Proposal Proposal, bool Created)> ProposeAsync(Proposal proposal, CancellationToken cancellationToken);

    Task<Proposal?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Decides a pending proposal (one conditional update): true for the one press that did; false when it was decided
    /// already (by someone else, or by a press that came first).
    /// </summary>
    Task<bool> DecideAsync(long id, string state, string deciderId, string? deciderName, DateTimeOffset now, CancellationToken cancellationToken);
}

internal sealed class ApprovalStore(IStorageDatabase database, IDataErasure writes, ITokenProtector protector) : IApprovalStore
{
    private const string ProposalColumns = """
        id AS Id, platform AS Platform, chat_id AS ChatId, message_id AS MessageId, proposer_id AS ProposerId,
        proposer_name AS ProposerName, reply_context AS ReplyContext, text AS Text, image_name AS ImageName,
        image_length AS ImageLength, image_reference AS ImageReference, organization_id AS OrganizationId,
        organization_name AS OrganizationName, state AS State, decided_by_name AS DecidedByName, created_at AS CreatedAt
        """;

    public async Task<ApprovalChat?> FindChatAsync(string platform, string chatId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ChatRow>(new CommandDefinition(
            """
            SELECT platform AS Platform, chat_id AS ChatId, organization_id AS OrganizationId, organization_name AS OrganizationName,
                   enabled_by AS EnabledBy, enabled_at AS EnabledAt
            FROM approval_chats WHERE platform = @Platform AND chat_id = @ChatId
            """,
            new { Platform = platform, ChatId = chatId },
            cancellationToken: cancellationToken));
        return row is null ? null : new ApprovalChat(row.Platform, row.ChatId, row.OrganizationId, row.OrganizationName, row.EnabledBy, StoredTime.FromText(row.EnabledAt));
    }

    public Task SetChatAsync(ApprovalChat chat, CancellationToken cancellationToken) =>
        WriteAsync(
            """
            INSERT INTO approval_chats (platform, chat_id, organization_id, organization_name, enabled_by, enabled_at)
            VALUES (@Platform, @ChatId, @OrganizationId, @OrganizationName, @EnabledBy, @EnabledAt)
            ON CONFLICT (platform, chat_id) DO UPDATE SET organization_id = excluded.organization_id,
                organization_name = excluded.organization_name, enabled_by = excluded.enabled_by, enabled_at = excluded.enabled_at
            """,
            new { chat.Platform, chat.ChatId, chat.OrganizationId, chat.OrganizationName, chat.EnabledBy, EnabledAt = StoredTime.ToText(chat.EnabledAt) },
            cancellationToken);

    public async Task<bool> ClearChatAsync(string platform, string chatId, CancellationToken cancellationToken) =>
        await WriteAsync("DELETE FROM approval_chats WHERE platform = @Platform AND chat_id = @ChatId", new { Platform = platform, ChatId = chatId }, cancellationToken) > 0;

    public async Task<(Proposal Proposal, bool Created)> ProposeAsync(Proposal proposal, CancellationToken cancellationToken)
    {
        var address = proposal.Proposer;
        var id = await writes.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                """
                INSERT INTO proposals (platform, chat_id, message_id, proposer_id, proposer_name, reply_context, text, image_name,
                                       image_length, image_reference, organization_id, organization_name, state, created_at)
                VALUES (@Platform, @ChatId, @MessageId, @UserId, @ProposerName, @ReplyContext, @Text, @ImageName,
                        @ImageLength, @ImageReference, @OrganizationId, @OrganizationName, @State, @CreatedAt)
                ON CONFLICT (platform, chat_id, message_id) DO NOTHING
                RETURNING id
                """,
                new
                {
                    address.Platform,
                    address.ChatId,
                    proposal.MessageId,
                    address.UserId,
                    proposal.ProposerName,
                    ReplyContext = address.ReplyContext is { } context ? protector.Protect(context) : null,
                    proposal.Text,
                    ImageName = proposal.Image?.FileName,
                    ImageLength = proposal.Image?.DeclaredLength,
                    ImageReference = proposal.Image is { } image ? protector.Protect(image.Reference) : null,
                    proposal.OrganizationId,
                    proposal.OrganizationName,
                    State = Proposal.Pending,
                    CreatedAt = StoredTime.ToText(proposal.CreatedAt),
                },
                transaction,
                cancellationToken: ct)),
            cancellationToken);
        if (id is { } created)
        {
            return (proposal with { Id = created, State = Proposal.Pending }, true);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleAsync<ProposalRow>(new CommandDefinition(
            $"SELECT {ProposalColumns} FROM proposals WHERE platform = @Platform AND chat_id = @ChatId AND message_id = @MessageId",
            new { address.Platform, address.ChatId, proposal.MessageId },
            cancellationToken: cancellationToken));
        return (row.ToProposal(protector), false);
    }

    public async Task<Proposal?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<ProposalRow>(new CommandDefinition(
            $"SELECT {ProposalColumns} FROM proposals WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToProposal(protector);
    }

    public async Task<bool> DecideAsync(long id, string state, string deciderId, string? deciderName, DateTimeOffset now, CancellationToken cancellationToken) =>
        await WriteAsync(
            """
            UPDATE proposals SET state = @State, decided_by = @DeciderId, decided_by_name = @DeciderName, decided_at = @Now
            WHERE id = @Id AND state = 'pending'
            """,
            new { Id = id, State = state, DeciderId = deciderId, DeciderName = deciderName, Now = StoredTime.ToText(now) },
            cancellationToken) > 0;

    private Task<int> WriteAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        writes.WriteAsync(
            (connection, transaction, ct) => connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: ct)),
            cancellationToken);

    private sealed class ChatRow
    {
        public string Platform { get; set; } = "";
        public string ChatId { get; set; } = "";
        public string OrganizationId { get; set; } = "";
        public string OrganizationName { get; set; } = "";
        public string EnabledBy { get; set; } = "";
        public string EnabledAt { get; set; } = "";
    }

    private sealed class ProposalRow
    {
        public long Id { get; set; }
        public string Platform { get; set; } = "";
        public string ChatId { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string ProposerId { get; set; } = "";
        public string? ProposerName { get; set; }
        public string? ReplyContext { get; set; }
        public string Text { get; set; } = "";
        public string? ImageName { get; set; }
        public long? ImageLength { get; set; }
        public string? ImageReference { get; set; }
        public string OrganizationId { get; set; } = "";
        public string OrganizationName { get; set; } = "";
        public string State { get; set; } = "";
        public string? DecidedByName { get; set; }
        public string CreatedAt { get; set; } = "";

        public Proposal ToProposal(ITokenProtector protector)
        {
            WaitingImage? image = ImageReference is { } stored && protector.Unprotect(stored) is { } reference
                ? new WaitingImage(ImageName ?? "image", ImageLength, reference)
                : null;
            return new Proposal(
                Id,
                new ChatAddress(Platform, ChatId, ProposerId, ReplyContext is null ? null : protector.Unprotect(ReplyContext)),
                ProposerName,
                MessageId,
                Text,
                image,
                OrganizationId,
                OrganizationName,
                State,
                DecidedByName,
                StoredTime.FromText(CreatedAt));
        }
    }
}
