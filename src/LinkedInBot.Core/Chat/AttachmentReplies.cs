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

    public static string SharedImageGone(string shareCommand) =>
        $"The image of that message is no longer at hand (the form was open for more than 15 minutes, or the bot restarted). Use {shareCommand} on the message again. Nothing was published.";

    /// <summary>The console's <c>--image</c> without a file after it.</summary>
    public static string ImagePathMissing(string postCommand) => $"Name the image to post: {postCommand} --image photo.jpg your text.";

    public static string ImagePathUnclosed(string postCommand) => $"The image path has no closing quote. Use {postCommand} --image \"my photo.jpg\" your text.";

    public const string NotAFilePath = "That is not a usable file path.";

    public static string NoSuchFile(string fullPath) => $"There is no file {fullPath}.";

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.#", CultureInfo.InvariantCulture);
}
