using System.Buffers;

namespace LinkedInBot.Core.LinkedIn;

/// <summary>
/// What LinkedIn's Documents API takes (reference: linkedin-api.md §11): PDF, PPT, PPTX, DOC, DOCX, at most 100 MB and
/// 300 pages. The type is judged by the file name's extension (LinkedIn's own rule) and the bytes must be of that
/// family; pages are counted only for PDF, where it is cheap: a PowerPoint or Word file's pages are LinkedIn's to count.
/// </summary>
public static class LinkedInDocumentRules
{
    public const long MaxBytes = 100L * 1024 * 1024;

    public const int MaxPages = 300;

    /// <summary>The extensions LinkedIn takes, lower case, without the dot.</summary>
    public static IReadOnlyList<string> Extensions { get; } = ["pdf", "ppt", "pptx", "doc", "docx"];

    /// <summary>Whether a file named <paramref name="fileName"/> is one of LinkedIn's document types.</summary>
    public static bool IsDocumentName(string? fileName) => Extension(fileName) is { } extension && Extensions.Contains(extension);

    /// <summary>The post's document title: the file name without its extension (LinkedIn requires one).</summary>
    public static string Title(string fileName)
    {
        var title = Path.GetFileNameWithoutExtension(fileName.Trim());
        return string.IsNullOrWhiteSpace(title) ? "Document" : title.Trim();
    }

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;

    // Compound File Binary (DOC, PPT) and ZIP (the Office Open XML formats DOCX, PPTX).
    private static ReadOnlySpan<byte> OleMagic => [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    private static ReadOnlySpan<byte> ZipMagic => [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Whether the file's first bytes are of the family its extension names.</summary>
    public static bool BytesMatchName(string fileName, ReadOnlySpan<byte> head) => Extension(fileName) switch
    {
        "pdf" => head.StartsWith(PdfMagic),
        "doc" or "ppt" => head.StartsWith(OleMagic),
        "docx" or "pptx" => head.StartsWith(ZipMagic),
        _ => false,
    };

    /// <summary>
    /// The pages of a PDF as its page objects say (<c>/Type /Page</c>), or null when none can be seen (they sit in
    /// compressed object streams, PDF 1.5): then the count is left to LinkedIn. Reads the stream from where it is.
    /// </summary>
    public static async Task<int?> CountPdfPagesAsync(Stream pdf, CancellationToken cancellationToken)
    {
        var marker = "/Type"u8.ToArray();
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            var pages = 0;
            var carried = 0;
            int read;
            while ((read = await pdf.ReadAsync(buffer.AsMemory(carried, buffer.Length - carried), cancellationToken)) > 0)
            {
                var length = carried + read;
                var scanned = CountPageObjects(buffer.AsSpan(0, length), marker, out var safeEnd);
                pages += scanned;

                // The tail that could hold a marker cut in two is scanned again with the next read.
                carried = length - safeEnd;
                Buffer.BlockCopy(buffer, safeEnd, buffer, 0, carried);
            }

            pages += CountPageObjects(buffer.AsSpan(0, carried), marker, out _, final: true);
            return pages == 0 ? null : pages;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // "/Type /Page" with optional white space, not "/Pages". A marker is counted only when its whole neighbourhood
    // (32 bytes) is in the span, unless this is the end of the file.
    private static int CountPageObjects(ReadOnlySpan<byte> span, byte[] marker, out int safeEnd, bool final = false)
    {
        const int Reach = 32;
        safeEnd = final ? span.Length : Math.Max(0, span.Length - Reach);
        var count = 0;
        var from = 0;
        while (from < safeEnd)
        {
            // A marker counts where it starts: one that starts before safeEnd is this span's, even if it ends after it.
            var at = span[from..].IndexOf(marker);
            if (at < 0 || from + at >= safeEnd)
            {
                break;
            }

            var i = from + at + marker.Length;
            while (i < span.Length && (span[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t'))
            {
                i++;
            }

            if (span[i..].StartsWith("/Page"u8) && (i + 5 >= span.Length || span[i + 5] != (byte)'s'))
            {
                count++;
            }

            from += at + marker.Length;
        }

        return count;
    }

    private static string? Extension(string? fileName)
    {
        var extension = Path.GetExtension(fileName?.Trim() ?? "");
        return extension.Length > 1 ? extension[1..].ToLowerInvariant() : null;
    }
}
