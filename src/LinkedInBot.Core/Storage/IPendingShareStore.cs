namespace LinkedInBot.Core.Storage;

/// <summary>A shared message's image, remembered between a share form and its submission.</summary>
public sealed record PendingShare(string FormKey, string UserId, string FileName, string Url, DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// The shared message's attachments when they are more than one image without alt text: several images, a
    /// document, an image with its description (each with its CDN URL as the reference).
    /// </summary>
    public IReadOnlyList<LinkedInBot.Core.Chat.AttachmentReference> Attachments { get; init; } = [];

    // The URL is signed: records print every member, so it is masked here.
    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append($"FormKey = {FormKey}, UserId = {UserId}, FileName = {FileName}, Url = ***, ExpiresAt = {ExpiresAt:O}");
        return true;
    }
}

/// <summary>Share forms' images, so any replica can take the submission of a form another one opened.</summary>
public interface IPendingShareStore
{
    /// <summary>Stores the share and deletes expired ones.</summary>
    Task SaveAsync(PendingShare share, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The share with this key for this user, unless it expired.</summary>
    Task<PendingShare?> FindAsync(string formKey, string userId, DateTimeOffset now, CancellationToken cancellationToken);
}
