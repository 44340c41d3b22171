using System.Text.Json;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Jobs;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// How the ledger keeps a post's attachments: their references as Data Protection ciphertext of the jobs' JSON (a
/// Discord attachment URL or a file path says something about the user), and the uploaded URNs as a plain JSON list.
/// </summary>
internal static class AttachmentColumns
{
    public static string? Write(IReadOnlyList<AttachmentReference> attachments, ITokenProtector protector) =>
        attachments.Count == 0 ? null : protector.Protect(AttachmentJson.Serialize(attachments));

    public static IReadOnlyList<AttachmentReference> Read(string? column, ITokenProtector protector)
    {
        if (column is null)
        {
            return [];
        }

        // A lost key ring leaves nothing to open: an attachment without a reference, which a resume cannot open and
        // answers with "send it again", rather than posting the text alone. An entry with an outcome still answers.
        return protector.Unprotect(column) is { } json
            ? AttachmentJson.Deserialize(json)
            : [new AttachmentReference(AttachmentKind.Document, "", null, "")];
    }

    public static string? WriteUrns(IReadOnlyList<string> urns) =>
        urns.Count == 0 ? null : JsonSerializer.Serialize(urns.ToList(), ChatJobJson.Default.ListString);

    public static IReadOnlyList<string> ReadUrns(string? column) =>
        column is null ? [] : JsonSerializer.Deserialize(column, ChatJobJson.Default.ListString) ?? [];
}
