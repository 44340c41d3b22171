using System.Collections.Concurrent;
using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkPreview;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>One Telegram message as the core sees it, and where its reply goes.</summary>
internal sealed record TelegramRequest(ChatRequest Request, TelegramReplyTarget Target);

/// <summary>Translates a Telegram message into a <see cref="ChatRequest"/>; all platform knowledge of commands lives here.</summary>
internal sealed partial class TelegramRequestMapper(TelegramFiles files, TimeProvider time, IOptions<TelegramOptions> options)
{

    // Forgotten once this many chats were helped within one interval, so it stays small.
    private const int MaxRememberedHelps = 10_000;

    // Private chat id → when it was last answered with the help for a message that is not a command.
    private readonly ConcurrentDictionary<long, DateTimeOffset> _lastUnrecognizedHelp = new();

    /// <summary>Null when the message is not for this bot (another bot's command, group chatter, a chat speaking as itself).</summary>
    public TelegramRequest? Map(Message message, string botUsername)
    {
        // Anonymous group admins and channels speak as a chat (from = GroupAnonymousBot, sender_chat set): a link
        // made by "them" would let everyone who can speak as that chat post with one person's account.
        if (message.From is not { IsBot: false } from || message.SenderChat is not null)
        {
            return null;
        }

        var isGroupChat = message.Chat.Type is ChatType.Group or ChatType.Supergroup or ChatType.Channel;
        if (!ChatCommandParser.TryParse(WithLinkUrls(message), botUsername, out var command, out var argument))
        {
            // In a private chat everything is meant for the bot: answer anything it can't read with the help.
            // In groups a non-command (or another bot's command) is not ours.
            if (isGroupChat || (message.Text is null && message.Photo is null && message.Video is null) || !HelpDueFor(message.Chat.Id))
            {
                return null;
            }

            (command, argument) = (ChatCommand.Help, string.Empty);
        }

        var text = argument;
        ChatAttachment? attachment = null;
        string? target = null;
        if (command is ChatCommand.Delete or ChatCommand.Edit && message.ReplyToMessage is { } answered && PostNumberOf(answered, botUsername) is { } number)
        {
            // "/delete" or "/edit new text" sent as a reply to the bot's "Published on LinkedIn" message.
            target = number;
        }

        if (command is ChatCommand.Post or ChatCommand.Schedule or ChatCommand.Draft)
        {
            // "/post" sent as a reply publishes the quoted message: its text or caption and its photo.
            var original = message.ReplyToMessage;
            var quoted = original is null ? string.Empty : WithLinkUrls(original) ?? string.Empty;
            if (text.Length == 0 && original is not null)
            {
                text = quoted;
            }
            else if (command == ChatCommand.Schedule && original is not null && quoted.Length > 0 && text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length <= 2)
            {
                // "/schedule tomorrow 9:00" as a reply: every <when> is two words, so nothing of the user's own follows
                // it and the quoted text is the post.
                text = text + "\n" + quoted;
            }

            attachment = AttachmentOf(message) ?? (original is null ? null : AttachmentOf(original));

            // The user turned the link preview off: no link card on LinkedIn either (issue 12 §1).
            var preview = (text == quoted && original is not null ? original : message).LinkPreviewOptions;
            if (preview?.IsDisabled == true && attachment is null && !LinkCardMaker.StripMarker(text).NoCard)
            {
                text = LinkCardMaker.NoCardMarker + " " + text;
            }
        }

        var chatId = message.Chat.Id;
        var address = new ChatAddress(
            TelegramAdapter.Platform,
            chatId.ToString(CultureInfo.InvariantCulture),
            from.Id.ToString(CultureInfo.InvariantCulture),
            // Later notices about a post answer it where it was asked; anything else started in a group (linking,
            // also via "/start link") is personal and is followed up in the private chat.
            isGroupChat && command is not (ChatCommand.Post or ChatCommand.Schedule or ChatCommand.Draft) ? TelegramReplyContext.ForPrivateChat() : TelegramReplyContext.ForMessage(message.MessageId));
        var request = new ChatRequest(
            address,
            DisplayName(from),
            message.MessageId.ToString(CultureInfo.InvariantCulture),
            command,
            text,
            attachment as ChatImage,
            isGroupChat)
        {
            Target = target,
        };
        if (attachment is not null and not ChatImage)
        {
            request = request with { Attachments = [attachment] };
        }

        return new TelegramRequest(request, new TelegramReplyTarget(chatId, from.Id, isGroupChat, message.MessageId));
    }

    /// <summary>
    /// One message of an album (it has a <c>media_group_id</c>): its photo, and the post text when its caption starts
    /// with <c>/post</c>. Null for a message the bot must not act on (a chat speaking as itself, a bot).
    /// </summary>
    public AlbumItem? MapAlbumItem(Message message, string botUsername)
    {
        if (message.From is not { IsBot: false } from || message.SenderChat is not null || message.MediaGroupId is not { } group)
        {
            return null;
        }

        var isGroupChat = message.Chat.Type is ChatType.Group or ChatType.Supergroup or ChatType.Channel;
        var postText = ChatCommandParser.TryParse(WithLinkUrls(message), botUsername, out var command, out var argument) && command == ChatCommand.Post
            ? argument
            : null;
        var photo = ImageOf(message) is { Reference: { } reference } image
            ? new AttachmentReference(AttachmentKind.Image, image.FileName, image.DeclaredLength, reference)
            : null;
        var address = new ChatAddress(
            TelegramAdapter.Platform,
            message.Chat.Id.ToString(CultureInfo.InvariantCulture),
            from.Id.ToString(CultureInfo.InvariantCulture),
            TelegramReplyContext.ForMessage(message.MessageId));
        return new AlbumItem(address, DisplayName(from), group, message.MessageId.ToString(CultureInfo.InvariantCulture), message.MessageId, isGroupChat, postText, photo);
    }

    /// <summary>What a <c>/post</c> message carries: a photo (or an image sent as a file), else a document LinkedIn takes.</summary>
    private ChatAttachment? AttachmentOf(Message message)
    {
        if (ImageOf(message) is { } image)
        {
            return image;
        }

        if (message.Document is { } document && Core.LinkedIn.LinkedInDocumentRules.IsDocumentName(document.FileName))
        {
            return files.DocumentOf(document, document.FileName!);
        }

        return VideoOf(message);
    }

    /// <summary>A video, or a video sent as a file (MP4, MOV): streamed to LinkedIn when the core publishes it.</summary>
    private ChatAttachment? VideoOf(Message message)
    {
        if (message.Video is { } video)
        {
            return files.VideoOf(video, video.FileName ?? $"{video.FileUniqueId}.mp4", video.MimeType);
        }

        if (message.Document is { } document
            && (Core.LinkedIn.LinkedInVideoRules.IsAcceptedContentType(document.MimeType) || Core.LinkedIn.LinkedInVideoRules.HasVideoExtension(document.FileName)))
        {
            return files.VideoOf(document, document.FileName ?? $"{document.FileUniqueId}.mp4", document.MimeType);
        }

        return null;
    }

    /// <summary>
    /// An edited message the bot published (it was a <c>/post</c>): the new text for that post. The message is read the
    /// way <c>/post</c> reads it, so the command is not part of the text. Null for any other edit.
    /// </summary>
    public TelegramRequest? MapEdit(Message message, string botUsername)
    {
        if (Map(message, botUsername) is not { Request.Command: ChatCommand.Post } mapped)
        {
            return null;
        }

        // The marker is for publishing; an edit changes only the text.
        var request = mapped.Request with { Command = ChatCommand.Edit, Text = LinkCardMaker.StripMarker(mapped.Request.Text).Text };
        return mapped with { Request = request with { Target = Core.Posting.PostControl.MessageTarget + request.MessageId } };
    }

    /// <summary>
    /// The message's text (or caption) with the URL of each <c>text_link</c> entity written after its words: such a link
    /// hides its URL behind other words, which LinkedIn, getting plain text, would lose; and the first link of the
    /// text is the one the post's link card is made for. A <c>url</c> entity typed without a scheme
    /// (<c>example.org/page</c>, which Telegram shows as a link) gets <c>https://</c> in front, as Telegram opens it:
    /// LinkedIn readers get a link, and the card is made for it like for any typed URL.
    /// </summary>
    internal static string? WithLinkUrls(Message message)
    {
        var text = message.Text ?? message.Caption;
        var entities = message.Text is not null ? message.Entities : message.CaptionEntities;
        if (text is null || entities is null)
        {
            return text;
        }

        // From the end, so the offsets (UTF-16 code units, like .NET string indices) of earlier entities stay valid.
        foreach (var entity in entities.Where(e => e.Type is MessageEntityType.TextLink or MessageEntityType.Url).OrderByDescending(e => e.Offset))
        {
            var end = entity.Offset + entity.Length;
            if (entity.Type == MessageEntityType.Url)
            {
                if (entity.Offset >= 0 && end <= text.Length && WithoutScheme(text.AsSpan(entity.Offset, entity.Length)))
                {
                    text = text[..entity.Offset] + "https://" + text[entity.Offset..];
                }

                continue;
            }

            if (entity.Url is not { Length: > 0 })
            {
                continue;
            }

            if (entity.Offset < 0 || end > text.Length
                || !Uri.TryCreate(entity.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                continue;
            }

            var words = text.AsSpan(entity.Offset, entity.Length).Trim();
            if (words.SequenceEqual(entity.Url))
            {
                continue;
            }

            text = text[..end] + " (" + entity.Url + ")" + text[end..];
        }

        return text;
    }

    // "example.org/page" or "www.example.org", not "http://…", "HTTPS://…" or another scheme ("ftp://…", "tg://…").
    private static bool WithoutScheme(ReadOnlySpan<char> url) => !url.Contains("://", StringComparison.Ordinal);

    /// <summary>
    /// The post number of the bot's own "Published on LinkedIn" message: from its Delete button (callback data
    /// <c>delete:12</c>), else from its text ("Post 12.").
    /// </summary>
    private static string? PostNumberOf(Message answered, string botUsername)
    {
        if (answered.From is not { IsBot: true } bot || !string.Equals(bot.Username, botUsername, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var data = answered.ReplyMarkup?.InlineKeyboard.SelectMany(row => row).Select(button => button.CallbackData).FirstOrDefault(d => d?.StartsWith(Core.Posting.PressData.Delete + ":", StringComparison.Ordinal) == true);
        if (data is not null && Core.Posting.PressData.TryParse(data, out var press))
        {
            return press.Number.ToString(CultureInfo.InvariantCulture);
        }

        var match = PostNumberPattern().Match(answered.Text ?? string.Empty);
        return match.Success ? match.Groups[1].Value : null;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bPost (\d+)[.:]", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex PostNumberPattern();

    /// <summary>True at most once per <see cref="TelegramOptions.UnrecognizedMessageHelpInterval"/> for a chat.</summary>
    private bool HelpDueFor(long chatId)
    {
        // Two webhook deliveries of one chat may map at the same time: at worst both get the help, which is harmless.
        var now = time.GetUtcNow();
        var interval = options.Value.UnrecognizedMessageHelpInterval;
        if (_lastUnrecognizedHelp.TryGetValue(chatId, out var last) && now - last < interval)
        {
            return false;
        }

        if (_lastUnrecognizedHelp.Count >= MaxRememberedHelps)
        {
            foreach (var (chat, at) in _lastUnrecognizedHelp)
            {
                if (now - at >= interval)
                {
                    _lastUnrecognizedHelp.TryRemove(chat, out _);
                }
            }
        }

        _lastUnrecognizedHelp[chatId] = now;
        return true;
    }

    private ChatImage? ImageOf(Message message)
    {
        // Photo sizes come smallest first (TG: Message.photo); the last is the original resolution.
        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes[^1];
            return files.ImageOf(largest, $"{largest.FileUniqueId}.jpg");
        }

        // An image sent "as a file" keeps its original bytes.
        if (message.Document is { } document && Core.LinkedIn.LinkedInImageRules.IsAcceptedContentType(document.MimeType))
        {
            return files.ImageOf(document, document.FileName ?? document.FileUniqueId);
        }

        return null;
    }

    private static string DisplayName(User user)
    {
        var name = string.IsNullOrEmpty(user.LastName) ? user.FirstName : $"{user.FirstName} {user.LastName}";
        return string.IsNullOrWhiteSpace(name) ? user.Username ?? user.Id.ToString(CultureInfo.InvariantCulture) : name;
    }
}
