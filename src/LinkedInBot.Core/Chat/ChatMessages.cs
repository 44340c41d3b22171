namespace LinkedInBot.Core.Chat;

/// <summary>What a user asked the bot to do. Adapters translate platform commands into one of these.</summary>
public enum ChatCommand
{
    Start,
    Help,
    Link,
    Post,
    Unlink,
    Status,

    /// <summary>Delete everything the bot holds of the user: "" lists it and asks to confirm, "yes" deletes.</summary>
    Forget,

    /// <summary>Take a published post down: its number (or URL) in <see cref="ChatRequest.Text"/> or <see cref="ChatRequest.Target"/>.</summary>
    Delete,

    /// <summary>Change a published post's text: the new text in <see cref="ChatRequest.Text"/>, the post in <see cref="ChatRequest.Target"/>.</summary>
    Edit,

    /// <summary>List the user's last posts.</summary>
    Posts,

    /// <summary>Publish later: "&lt;when&gt; &lt;text&gt;" in <see cref="ChatRequest.Text"/>.</summary>
    Schedule,

    /// <summary>Show or set the user's time zone.</summary>
    TimeZone,

    /// <summary>List the user's scheduled posts.</summary>
    Queue,

    /// <summary>Cancel a scheduled post or a draft by its number.</summary>
    Cancel,

    /// <summary>Show a post as LinkedIn will show it, with Publish, Schedule and Cancel.</summary>
    Draft,

    /// <summary>Show or change the user's settings (preview by default).</summary>
    Settings,

    /// <summary>A button of an earlier reply was pressed: its <see cref="ActionButton.Data"/> in <see cref="ChatRequest.Text"/>.</summary>
    Press,

    /// <summary>List the company pages the user may post as (read from LinkedIn again).</summary>
    Pages,

    /// <summary>Post as a page in this chat: its name, vanity name or number in <see cref="ChatRequest.Text"/>, or "me".</summary>
    As,

    /// <summary>Team approval in a group: "on &lt;page&gt;", "off", or "" for the state.</summary>
    Approval,

    /// <summary>Not typed by users: the job of a scheduled post, due at its time; its number in <see cref="ChatRequest.Text"/>.</summary>
    RunScheduled,
}

/// <summary>
/// Where a conversation happens and who speaks: the platform ("telegram", "discord", "console"),
/// the chat (a Telegram chat id, a Discord channel id, …) and the user inside it.
/// <see cref="ReplyContext"/> is opaque to the core: the adapter puts whatever it needs to answer
/// later (a Discord interaction token, a Telegram private chat id) and gets it back in
/// <see cref="IChatNotifier.NotifyAsync"/>.
/// </summary>
public sealed record ChatAddress(string Platform, string ChatId, string UserId, string? ReplyContext = null)
{
    // The reply context can hold a Discord interaction token: records print every member, so it is masked here.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"Platform = {Platform}, ChatId = {ChatId}, UserId = {UserId}, ReplyContext = {(ReplyContext is null ? "null" : "***")}");
        return true;
    }
}

/// <summary>What kind of file an attachment is; each kind has its own LinkedIn upload and rules.</summary>
public enum AttachmentKind
{
    Image,

    /// <summary>PDF, PPT, PPTX, DOC or DOCX: a LinkedIn document post (the "carousel").</summary>
    Document,

    Video,
}

/// <summary>
/// A file attached to a request. The core opens it only when it really publishes, and only once: documents and videos
/// are streamed to LinkedIn, never kept in the database, so a resumed publish opens them again from
/// <see cref="Reference"/>.
/// </summary>
/// <param name="Kind">What LinkedIn makes of it.</param>
/// <param name="FileName">A name for logs and LinkedIn's title; never trusted for the type.</param>
/// <param name="DeclaredLength">The size the platform announced, if any; checked before downloading.</param>
/// <param name="OpenAsync">Opens the bytes (a Telegram getFile download, a Discord CDN GET, a file).</param>
public record ChatAttachment(AttachmentKind Kind, string FileName, long? DeclaredLength, Func<CancellationToken, Task<Stream>> OpenAsync)
{
    /// <summary>
    /// What the platform's <see cref="IChatMediaSource"/> needs to open the file again in another process or after a
    /// restart (a Telegram file id, a Discord attachment URL, a file path). Requests are stored as jobs before they run,
    /// so every adapter sets it.
    /// </summary>
    public string? Reference { get; init; }

    /// <summary>The content type the platform announced (Discord, Telegram documents), if any.</summary>
    public string? ContentType { get; init; }

    /// <summary>The text that describes an image for people who cannot see it (Discord's attachment description); LinkedIn's altText.</summary>
    public string? AltText { get; init; }

    /// <summary>The attachment as stored (in a job, in the post ledger): everything but the opener.</summary>
    public AttachmentReference ToReference() => new(
        Kind,
        FileName,
        DeclaredLength,
        Reference ?? throw new InvalidOperationException("A stored attachment needs a reference its platform can open again."))
    {
        ContentType = ContentType,
        AltText = AltText,
    };
}

/// <summary>An image attached to a request: the one kind a request could carry before albums and documents.</summary>
public sealed record ChatImage(string FileName, long? DeclaredLength, Func<CancellationToken, Task<Stream>> OpenAsync)
    : ChatAttachment(AttachmentKind.Image, FileName, DeclaredLength, OpenAsync);

/// <summary>
/// A stored attachment: what it is and where its platform can open it again (<see cref="IChatMediaSource"/>). Jobs and
/// the post ledger keep this, never a document's or a video's bytes.
/// </summary>
public sealed record AttachmentReference(AttachmentKind Kind, string FileName, long? DeclaredLength, string Reference)
{
    public string? ContentType { get; init; }

    public string? AltText { get; init; }

    /// <summary>The attachment again, opened through <paramref name="media"/> (null: no adapter of its platform runs here).</summary>
    public ChatAttachment ToAttachment(string platform, IChatMediaSource? media)
    {
        var (reference, length) = (Reference, DeclaredLength);
        Func<CancellationToken, Task<Stream>> open = ct => media is null
            ? throw new IOException($"No {platform} adapter is running to fetch the attachment.")
            : media.OpenAsync(reference, length, ct);
        ChatAttachment attachment = Kind == AttachmentKind.Image
            ? new ChatImage(FileName, DeclaredLength, open)
            : new ChatAttachment(Kind, FileName, DeclaredLength, open);
        return attachment with { Reference = Reference, ContentType = ContentType, AltText = AltText };
    }
}

/// <summary>Opens an attachment of a stored request from its <see cref="ChatAttachment.Reference"/>. One per platform.</summary>
public interface IChatMediaSource
{
    string Platform { get; }

    /// <summary>
    /// The file's bytes. Failures are <see cref="IOException"/> (or <see cref="HttpRequestException"/>,
    /// <see cref="TimeoutException"/>) with a message safe to log; the core answers "send it again".
    /// </summary>
    Task<Stream> OpenAsync(string reference, long? declaredLength, CancellationToken cancellationToken);
}

/// <summary>
/// One platform-neutral request: who, where, what. A Telegram <c>/post</c> and a Discord
/// "Share to LinkedIn" become the same record.
/// </summary>
/// <param name="Address">Platform, chat and user.</param>
/// <param name="DisplayName">The user's name on the chat platform, for replies and logs.</param>
/// <param name="MessageId">The platform id of the message or interaction; with the address it keys the post ledger so a redelivery is never posted twice.</param>
/// <param name="Command">What to do.</param>
/// <param name="Text">The argument text (the post text for <see cref="ChatCommand.Post"/>, the deep-link payload for Start).</param>
/// <param name="Image">An optional image for a post: the short way to write a request with one image (see <see cref="Attachments"/>).</param>
/// <param name="IsGroupChat">True when others can read the replies (a Telegram group, a Discord channel).</param>
public sealed record ChatRequest(
    ChatAddress Address,
    string? DisplayName,
    string MessageId,
    ChatCommand Command,
    string Text = "",
    ChatImage? Image = null,
    bool IsGroupChat = false)
{
    /// <summary>
    /// Which published post a command is about, when the platform says so without the user typing a number: the post's
    /// number taken from the bot's message the command replies to, or <c>message:&lt;id&gt;</c> for the user's own
    /// message that was published (a Telegram message edited afterwards).
    /// </summary>
    public string? Target { get; init; }

    /// <summary>
    /// The files of a post, in the order the user attached them (an album's photos, a document). Set it for anything
    /// but one image; when it is not set it is <see cref="Image"/>, if any.
    /// </summary>
    public IReadOnlyList<ChatAttachment> Attachments
    {
        get => field ?? (Image is null ? [] : [Image]);
        init;
    }

    /// <summary>
    /// Whether the user administers the group chat, when the platform says so with the request (Discord: the member's
    /// permissions include Manage Server); null: the core asks the platform's <see cref="IChatAdmins"/> when it matters.
    /// </summary>
    public bool? IsChatAdmin { get; init; }
}

/// <summary>Tells whether a user administers a group chat (Telegram: getChatMember says creator or administrator). One per platform that can.</summary>
public interface IChatAdmins
{
    string Platform { get; }

    /// <summary>True for the chat's creator or administrators. Throws when the platform cannot be asked.</summary>
    Task<bool> IsAdminAsync(ChatAddress address, CancellationToken cancellationToken);
}

/// <summary>
/// A button that sends something back to the bot when pressed (Telegram callback button, Discord button component; the
/// console prints the command that does the same). <see cref="Data"/> is short (Telegram allows 64 bytes).
/// </summary>
/// <param name="Label">What the button says.</param>
/// <param name="Data">What comes back in <see cref="ChatCommand.Press"/>, e.g. <c>delete:12</c>.</param>
/// <param name="Command">The typed command that does the same, for platforms without buttons (the console).</param>
public sealed record ActionButton(string Label, string Data, string? Command = null)
{
    /// <summary>
    /// Set when the button opens a form to edit this text first (Discord: a modal prefilled with it); platforms without
    /// forms leave the button out and rely on the command named in the reply.
    /// </summary>
    public string? FormText { get; init; }
}

/// <summary>A button that opens a URL (Telegram inline URL button, Discord link button, a printed URL in the console).</summary>
public sealed record LinkButton(string Label, Uri Url);

/// <summary>How a reply should be shown.</summary>
public enum ReplyVisibility
{
    /// <summary>Fine for everyone in the chat (a published post's URL).</summary>
    Public,

    /// <summary>Only the requesting user should see it (errors, status). Discord: ephemeral.</summary>
    Private,

    /// <summary>
    /// Must never reach anyone but the requesting user: an OAuth link that would bind whoever clicks it
    /// to the requester. In a group the adapter sends it privately or not at all.
    /// </summary>
    Secret,
}

/// <summary>The core's answer: plain text (adapters escape it for their markup), optional link buttons.</summary>
public sealed record ChatReply(string Text, IReadOnlyList<LinkButton> Buttons, ReplyVisibility Visibility = ReplyVisibility.Private, bool IsError = false)
{
    /// <summary>
    /// Set on a link prompt: adapters that can collect text in a form (Discord's button and modal) offer one for the
    /// one-time code; the others rely on the command named in <see cref="Text"/>.
    /// </summary>
    public CodeEntryPrompt? CodeEntry { get; init; }

    /// <summary>
    /// Set on a question that a button press answers (/forget's "Forget me"): adapters with buttons (Telegram callback
    /// buttons, Discord button components) show one that sends <see cref="ConfirmButton.Command"/> with its argument
    /// as the requesting user; the others rely on the command named in <see cref="Text"/>.
    /// </summary>
    public ConfirmButton? Confirm { get; init; }

    /// <summary>Buttons that come back to the bot when pressed (Delete, Yes, Keep, Cancel …), shown after <see cref="Buttons"/>.</summary>
    public IReadOnlyList<ActionButton> Actions { get; init; } = [];

    /// <summary>
    /// The answer to a pressed button that replaces the message the button was on (its text and buttons), so a
    /// finished question loses its buttons. Adapters that cannot edit messages send it as a new one.
    /// </summary>
    public bool ReplacesPressedMessage { get; init; }

    /// <summary>
    /// Said only to the one who pressed a button, as briefly as possible (Telegram: the callback's answer; Discord: an
    /// ephemeral message). Nothing in the chat changes.
    /// </summary>
    public bool IsPressAnswer { get; init; }

    /// <summary>
    /// The status of long work ("Uploading video… 40 %"), not an answer: each replaces the request's previous status
    /// (Telegram edits one message, Discord its deferred response, the console prints a line) and the request's replies
    /// still follow. Cosmetic: an adapter may drop one, and a failure to show it never fails the request. The core
    /// throttles them (<see cref="ChatStatusReporter"/>).
    /// </summary>
    public bool IsStatus { get; init; }

    public static ChatReply Info(string text, ReplyVisibility visibility = ReplyVisibility.Private) => new(text, [], visibility);

    public static ChatReply Status(string text) => new(text, [], ReplyVisibility.Private) { IsStatus = true };

    public static ChatReply Error(string text) => new(text, [], ReplyVisibility.Private, IsError: true);
}

/// <summary>The words of a form that asks for the one-time link code: its button, its title and its field.</summary>
public sealed record CodeEntryPrompt(string ButtonLabel, string FormTitle, string FieldLabel)
{
    public static CodeEntryPrompt FinishLinking { get; } = new("Finish linking", "Finish linking LinkedIn", "Code shown on the LinkedIn page");
}

/// <summary>
/// A button that confirms a question by sending <paramref name="Command"/> with <paramref name="Argument"/> on behalf
/// of <paramref name="UserId"/>, the only user whose press counts (in a group anyone sees it).
/// </summary>
public sealed record ConfirmButton(string Label, ChatCommand Command, string Argument, string UserId);

/// <summary>Delivers a reply for a request. The core calls it, then records that the reply went out.</summary>
public delegate Task ChatReplySender(ChatReply reply, CancellationToken cancellationToken);

/// <summary>Why an adapter could not open a request's image, for the core to word the reply.</summary>
public enum ChatImageProblem
{
    /// <summary>More bytes than the platform lets the bot download (or than it announced).</summary>
    TooLarge,

    /// <summary>The platform no longer hands it out (a Discord form's image kept for 15 minutes, a restart in between).</summary>
    Gone,
}

/// <summary>Thrown by an <see cref="IChatMediaSource"/> for a problem the user should hear about specifically.</summary>
public sealed class ChatImageUnavailableException(ChatImageProblem problem, long? limitBytes = null)
    : IOException(problem == ChatImageProblem.TooLarge ? "The image is larger than the platform allows the bot to download." : "The image is no longer available.")
{
    public ChatImageProblem Problem { get; } = problem;

    public long? LimitBytes { get; } = limitBytes;
}
