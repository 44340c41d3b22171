using System.Globalization;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// What LinkedIn's Images API takes, checked before any upload: a file that is not JPEG, PNG or GIF, or too big,
/// uploads fine and then fails processing, and the post goes out without its picture (postiz #1733, #1058).
/// </summary>
public static class LinkedInImageRules
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>The types LinkedIn's Images API takes, as chat platforms name them (reference: linkedin-api.md, Images API).</summary>
    public static IReadOnlyList<string> ContentTypes { get; } = ["image/jpeg", "image/png", "image/gif"];

    /// <summary>
    /// Whether a file a chat platform calls <paramref name="contentType"/> may be an image LinkedIn takes: the adapters'
    /// early answer from metadata. The bytes decide later (<see cref="Check"/>).
    /// </summary>
    public static bool IsAcceptedContentType(string? contentType) =>
        contentType is not null && ContentTypes.Contains(contentType.Split(';')[0].Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>LinkedIn's Images API takes images under this many pixels (width × height); larger ones fail processing.</summary>
    public const long MaxPixels = 36_152_320;

    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];

    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static ReadOnlySpan<byte> Gif87Magic => "GIF87a"u8;

    private static ReadOnlySpan<byte> Gif89Magic => "GIF89a"u8;

    /// <summary>Null when LinkedIn takes the image; otherwise a message for the user.</summary>
    public static string? Check(ReadOnlySpan<byte> bytes)
    {
        // The type is judged by the bytes, not by a file name or MIME type a chat platform reports.
        if (!bytes.StartsWith(JpegMagic) && !bytes.StartsWith(PngMagic)
            && !bytes.StartsWith(Gif87Magic) && !bytes.StartsWith(Gif89Magic))
        {
            return "That file is not a JPEG, PNG or GIF image.";
        }

        if (bytes.Length > MaxBytes)
        {
            return TooBig(bytes.Length);
        }

        // From the header only: a 900-megapixel PNG can be a few hundred KB, and decoding it would be the attack.
        return ImageDimensions.Read(bytes) is { } size && (long)size.Width * size.Height > MaxPixels
            ? string.Create(
                CultureInfo.InvariantCulture,
                $"The image is {size.Width:N0}×{size.Height:N0} pixels ({(long)size.Width * size.Height:N0} pixels); LinkedIn takes images of up to {MaxPixels:N0} pixels. Send a smaller one.")
            : null;
    }

    /// <summary>The message for an image of <paramref name="length"/> bytes, more than <see cref="MaxBytes"/>.</summary>
    public static string TooBig(long length) => string.Create(
        CultureInfo.InvariantCulture,
        $"The image is {length / (1024.0 * 1024.0):0.0} MB; LinkedIn takes images up to {MaxBytes / (1024 * 1024)} MB.");
}
