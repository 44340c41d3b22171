using System.Buffers.Text;
using System.Security.Cryptography;

namespace LinkedInBot.Discord;

/// <summary>An image being downloaded for a "Share to LinkedIn" modal, waiting for the user to submit.</summary>
/// <param name="UserId">Only the user who opened the modal may use it.</param>
internal sealed record PendingImage(string UserId, string FileName, long DeclaredSize, Task<byte[]> Bytes);

/// <summary>
/// Holds the bytes of shared images between the modal and its submission: keyed by a random id carried in the
/// modal's custom_id, gone after 15 minutes (a modal can't outlive its interaction token anyway), bounded in
/// count and bytes so abandoned modals can't fill memory. CDN URLs expire, so the bytes are kept, not the URL.
/// </summary>
internal sealed class SharedImageCache(TimeProvider time)
{
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    internal const int MaxEntries = 64;
    internal const long MaxBytes = 256L * 1024 * 1024;

    private readonly Lock sync = new();
    private readonly LinkedList<(string Key, PendingImage Image, DateTimeOffset ExpiresAt)> entries = new();
    private long bytes;

    /// <summary>Stores the image and returns its key (22 URL-safe characters).</summary>
    public string Add(PendingImage image)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        lock (sync)
        {
            RemoveExpired();
            entries.AddLast((key, image, time.GetUtcNow() + Lifetime));
            bytes += image.DeclaredSize;
            while (entries.Count > MaxEntries || (bytes > MaxBytes && entries.Count > 1))
            {
                RemoveNode(entries.First!);
            }
        }

        return key;
    }

    public bool TryGet(string key, string userId, out PendingImage image)
    {
        lock (sync)
        {
            RemoveExpired();
            for (var node = entries.First; node is not null; node = node.Next)
            {
                if (node.Value.Key == key && node.Value.Image.UserId == userId)
                {
                    image = node.Value.Image;
                    return true;
                }
            }
        }

        image = null!;
        return false;
    }

    private void RemoveExpired()
    {
        var now = time.GetUtcNow();
        while (entries.First is { } oldest && oldest.Value.ExpiresAt <= now)
        {
            RemoveNode(oldest);
        }
    }

    private void RemoveNode(LinkedListNode<(string Key, PendingImage Image, DateTimeOffset ExpiresAt)> node)
    {
        bytes -= node.Value.Image.DeclaredSize;
        entries.Remove(node);
    }
}
