using System.Globalization;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.Chat;

/// <summary>
/// The words for an attached file that an adapter judges from what the platform says of it (type and size), before a
/// request exists: so a refused image reads the same on every platform, next to the core's checks of the bytes
/// (<see cref="LinkedInImageRules"/>).
/// </summary>
public static class AttachmentReplies
{
    public const string ImageNotReceived = "The attached image did not arrive with the command. Please try again. Nothing was published.";

    public const string MessageToShareNotReceived = "The message to share did not arrive with the command. Please try again.";

    public const string OnlyTextNotAnImage = "Only the text is shared: the attachment is not an image.";

    /// <summary>Null when the attachment may go to LinkedIn; otherwise why not, for the user.</summary>
    public static string? Problem(string? fileName, string? contentType, long size, long limit)
    {
        var name = string.IsNullOrWhiteSpace(fileName) ? "The attachment" : $"\"{fileName}\"";
        if (!LinkedInImageRules.IsAcceptedContentType(contentType))
        {
            return $"{name} is not an image LinkedIn accepts. Attach a JPG, PNG or GIF. Nothing was published.";
        }

        return size > limit ? $"{name} is {Megabytes(size)} MB; images can be at most {Megabytes(limit)} MB. Nothing was published." : null;
    }

    /// <summary>Why a shared message's image stays behind, e.g. <c>"a.webp" is not a JPG, PNG or GIF</c>.</summary>
    public static string WhyLeftOut(string quotedName, string? contentType, long size, long limit) =>
        LinkedInImageRules.IsAcceptedContentType(contentType)
            ? $"{quotedName} is {Megabytes(size)} MB, over the {Megabytes(limit)} MB limit"
            : $"{quotedName} is not a JPG, PNG or GIF";

    public static string NothingToShare(string whyLeftOut) => $"Nothing to share: the message has no text, and {whyLeftOut}. Nothing was published.";

    public static string OnlyTextShared(string whyLeftOut) => $"Only the text is shared: {whyLeftOut}.";

    public static string ImageGoesWithText(string fileName) => $"The image \"{fileName}\" is posted with the text.";

    /// <summary>A share form's note for a message whose files all go out: one document, or several images.</summary>
    public static string FilesGoWithText(IReadOnlyList<string> fileNames) => fileNames.Count == 1
        ? $"\"{fileNames[0]}\" is posted with the text."
        : $"The {fileNames.Count} files are posted with the text, in this order.";

    public static string SharedImageGone(string shareCommand) =>
        $"The image of that message is no longer at hand (the form was open for more than 15 minutes, or the bot restarted). Use {shareCommand} on the message again. Nothing was published.";

    /// <summary>The console's <c>--image</c> without a file after it.</summary>
    public static string ImagePathMissing(string postCommand) => $"Name the image to post: {postCommand} --image photo.jpg your text.";

    public static string ImagePathUnclosed(string postCommand) => $"The image path has no closing quote. Use {postCommand} --image \"my photo.jpg\" your text.";

    /// <summary>The console's <c>--document</c> (or <c>--video</c>) without a file after it.</summary>
    public static string FilePathMissing(string postCommand, string option) => $"Name the file to post: {postCommand} {option} {(option == "--video" ? "clip.mp4" : "deck.pdf")} your text.";

    public static string FilePathUnclosed(string postCommand, string option) => $"The file path has no closing quote. Use {postCommand} {option} \"my file.pdf\" your text.";

    public const string NotAFilePath = "That is not a usable file path.";

    public static string NoSuchFile(string fullPath) => $"There is no file {fullPath}.";

    /// <summary>More images than LinkedIn (or the chat's album) takes in one post.</summary>
    public static string TooManyImages(int count, int max) =>
        $"That is {count} images; a LinkedIn post takes at most {max}. Send fewer. Nothing was published.";

    /// <summary>A Telegram album with more items than an album can have (Telegram's own limit is 10).</summary>
    public static string AlbumTooLarge(int max) => $"That album has more than {max} items; a post takes an album of at most {max} photos. Nothing was published.";

    /// <summary>An album item the bot cannot post: only photos go into a multi-image post.</summary>
    public const string AlbumOnlyPhotos = "Only an album of photos can be posted: send the video or file on its own with /post in its caption. Nothing was published.";

    /// <summary>Kinds LinkedIn cannot put in one post.</summary>
    public const string CannotMix = "A LinkedIn post carries several images, or one document (PDF, PPT, PPTX, DOC, DOCX), or one video, never a mix. Send them as separate posts. Nothing was published.";

    public static string NotADocument(string fileName) =>
        $"\"{fileName}\" is not a document LinkedIn takes. Attach a PDF, PPT, PPTX, DOC or DOCX. Nothing was published.";

    public static string DocumentTooLarge(string fileName, long size) =>
        $"\"{fileName}\" is {Megabytes(size)} MB; LinkedIn takes documents of at most {Megabytes(LinkedInDocumentRules.MaxBytes)} MB. Nothing was published.";

    public static string DocumentTooManyPages(string fileName, int pages) =>
        $"\"{fileName}\" has {pages} pages; LinkedIn takes documents of at most {LinkedInDocumentRules.MaxPages} pages. Nothing was published.";

    public static string DocumentNotWhatItsNameSays(string fileName) =>
        $"\"{fileName}\" is not really a {Path.GetExtension(fileName).TrimStart('.').ToUpperInvariant()} file (its content says otherwise). Nothing was published.";

    /// <summary>A file of a post that its chat platform no longer hands out (or that a restart left unreadable).</summary>
    public static string AttachmentGone(string fileName) =>
        $"\"{fileName}\" is no longer at hand (the chat keeps files for the bot only a while, or the bot restarted in between). Send it again. Nothing was published.";

    public static string AttachmentNotDownloaded(string fileName) =>
        $"\"{fileName}\" could not be downloaded from the chat. Nothing was published; send it again.";

    /// <summary>A file larger than the platform lets the bot download (Telegram's cloud Bot API: 20 MB).</summary>
    public static string AttachmentTooLargeToDownload(string fileName, long? limitBytes) => limitBytes is { } limit
        ? $"\"{fileName}\" is larger than {Megabytes(limit)} MB, the most the bot may download from the chat. Nothing was published."
        : $"\"{fileName}\" is larger than the most the bot may download from the chat. Nothing was published.";

    /// <summary>An image of a multi-image post that LinkedIn would not take, by its bytes.</summary>
    public static string ImageRefused(string fileName, string why) => $"\"{fileName}\": {why} Nothing was published.";

    /// <summary>Scheduled posts and drafts keep text and one image only.</summary>
    public static string OnlyTextAndOneImageWait(string postCommand) =>
        $"Only a text post or a post with one image can be scheduled or kept as a draft. Send albums, documents and videos with {postCommand} to publish them now. Nothing was saved.";

    /// <summary>
    /// A Telegram video over what the bot may download: 20 MB on Telegram's cloud Bot API (TG: getFile). Said plainly,
    /// with the way out the operator has (a self-hosted Bot API server lifts the limit).
    /// </summary>
    public static string VideoTooLargeForTelegram(string fileName, long? limitBytes) =>
        $"\"{fileName}\" is larger than {Megabytes(limitBytes ?? 20L * 1024 * 1024)} MB: a bot on Telegram's cloud Bot API may download files of at most 20 MB. "
        + "Send a shorter or smaller video (Telegram can compress it when you send it), or share it from Discord or the console. "
        + "The bot's operator can lift the limit with a self-hosted Telegram Bot API server (the setting Telegram:ApiBaseUrl). Nothing was published.";

    public static string NotAVideo(string fileName) =>
        $"\"{fileName}\" is not a video LinkedIn takes. Attach an MP4 (or MOV) video. Nothing was published.";

    /// <summary>A video LinkedIn would not take (size, type) or could not process, with LinkedIn's rule.</summary>
    public static string VideoRefused(string fileName, string why) => $"\"{fileName}\": {why} Nothing was published.";

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
