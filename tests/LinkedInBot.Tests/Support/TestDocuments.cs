using System.Text;

namespace LinkedInBot.Tests.Support;

/// <summary>Small real documents, made in code.</summary>
public static class TestDocuments
{
    /// <summary>
    /// A minimal PDF with <paramref name="pages"/> page objects (uncompressed, as simple writers make them), padded with
    /// a comment to at least <paramref name="minLength"/> bytes; each call with the same arguments gives the same bytes.
    /// </summary>
    public static byte[] Pdf(int pages, int minLength = 0)
    {
        var pdf = new StringBuilder("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
        pdf.Append("2 0 obj << /Type /Pages /Count ").Append(pages).Append(" /Kids [");
        for (var i = 0; i < pages; i++)
        {
            pdf.Append(3 + i).Append(" 0 R ");
        }

        pdf.Append("] >> endobj\n");
        for (var i = 0; i < pages; i++)
        {
            pdf.Append(3 + i).Append(" 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >> endobj\n");
        }

        if (pdf.Length < minLength)
        {
            pdf.Append('%').Append('x', minLength - pdf.Length).Append('\n');
        }

        pdf.Append("trailer << /Root 1 0 R >>\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
