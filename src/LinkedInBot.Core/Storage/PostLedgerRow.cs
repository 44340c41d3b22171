using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Posting;

namespace LinkedInBot.Core.Storage;

/// <summary>A <c>post_ledger</c> row as both providers store it, and its one mapping to <see cref="PostLedgerEntry"/>.</summary>
internal sealed class PostLedgerRow
{
    public const string Columns = """
        id AS Id, platform AS Platform, chat_id AS ChatId, message_id AS MessageId, user_id AS UserId,
        reply_context AS ReplyContext, text AS Text, image AS Image, image_urn AS ImageUrn,
        outcome_kind AS OutcomeKind, outcome_urn AS OutcomeUrn, outcome_url AS OutcomeUrl, outcome_detail AS OutcomeDetail,
        replied AS Replied, created_at AS CreatedAt, updated_at AS UpdatedAt, link_card AS LinkCard,
        attachments AS Attachments, attachment_urns AS AttachmentUrns,
        author_urn AS AuthorUrn, author_name AS AuthorName
        """;

    public long Id { get; set; }
    public string Platform { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string MessageId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string? ReplyContext { get; set; }
    public string Text { get; set; } = "";
    public byte[]? Image { get; set; }
    public string? ImageUrn { get; set; }
    public string? OutcomeKind { get; set; }
    public string? OutcomeUrn { get; set; }
    public string? OutcomeUrl { get; set; }
    public string? OutcomeDetail { get; set; }

    // SQLite stores 0/1, PostgreSQL a boolean: Dapper converts either.
    public bool Replied { get; set; }
    public string CreatedAt { get; set; } = "";
    public string UpdatedAt { get; set; } = "";
    public string? LinkCard { get; set; }
    public string? Attachments { get; set; }
    public string? AttachmentUrns { get; set; }
    public string? AuthorUrn { get; set; }
    public string? AuthorName { get; set; }

    public PostLedgerEntry ToEntry(ITokenProtector protector) => new(
        Id,
        new ChatAddress(Platform, ChatId, UserId, ReplyContext is null ? null : protector.Unprotect(ReplyContext)),
        MessageId,
        Text,
        Image,
        ImageUrn,
        PublishOutcomeColumns.FromColumns(OutcomeKind, OutcomeUrn, OutcomeUrl, OutcomeDetail),
        Replied,
        StoredTime.FromText(CreatedAt),
        StoredTime.FromText(UpdatedAt))
    {
        LinkCard = LinkCard,
        Attachments = AttachmentColumns.Read(Attachments, protector),
        AttachmentUrns = AttachmentColumns.ReadUrns(AttachmentUrns),
        Author = AuthorUrn is null ? null : new PostAuthor(AuthorUrn, AuthorName ?? AuthorUrn),
    };
}
