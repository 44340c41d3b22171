using System.Buffers.Text;
using System.Security.Cryptography;

namespace LinkedInBot.Discord;

/// <summary>An image being downloaded for a "Share to LinkedIn" modal, waiting for the user to submit.</summary>
/// <param name="UserId">Only the user who opened the modal may use it.</param>
/// <param name="Url">The attachment's CDN URL, for a job that runs where these bytes are not (another replica, a restart).</param>
internal sealed record PendingImage(string UserId, string FileName, Task<byte[]> Bytes, string? Url = null);

/// <summary>
/// Holds the bytes of shared images between the modal and its submission: keyed by a random id carried in the
/// modal's custom_id, gone after 15 minutes (a modal can't outlive its interaction token anyway), bounded in
/// count and bytes so abandoned modals can't fill memory. CDN URLs expire, so the bytes are kept, not the URL.
/// </summary>
/// <remarks>
/// Each entry's lifetime is a cancellation token: when it ends (15 minutes, or pushed out by newer entries) the
/// download stops and the entry is dropped at once, so an abandoned modal's bytes are not held until the next share.
/// </remarks>
internal sealed class SharedImageCache(TimeProvider time)
{
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    internal const int MaxEntries = 64;
    internal const long MaxBytes = 256L * 1024 * 1024;

    private readonly Lock sync = new();
    private readonly LinkedList<Entry> entries = new();
    private long bytes;

    public int Count
    {
        get
        {
            lock (sync)
            {
                return entries.Count;
            }
        }
    }

    /// <summary>Bytes the entries may hold: each counts the most its download may bring.</summary>
    public long ReservedBytes
    {
        get
        {
            lock (sync)
            {
                return bytes;
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="download"/> (which must not bring more than <paramref name="maxBytes"/>) with a token
    /// that ends with the entry, stores it and returns its key (22 URL-safe characters).
    /// </summary>
    public string Add(string userId, string fileName, long maxBytes, Func<CancellationToken, Task<byte[]>> download) =>
        Add(userId, fileName, null, maxBytes, download);

    /// <inheritdoc cref="Add(string, string, long, Func{CancellationToken, Task{byte[]}})"/>
    public string Add(string userId, string fileName, string? url, long maxBytes, Func<CancellationToken, Task<byte[]>> download)
    {
        var key = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));
        var lifetime = new CancellationTokenSource(Lifetime, time);
        var token = lifetime.Token;
        var entry = new Entry(key, new PendingImage(userId, fileName, download(token), url), maxBytes, lifetime);
        List<Entry> pushedOut = [];
        lock (sync)
        {
            entry.Node = entries.AddLast(entry);
            bytes += maxBytes;
            while (entries.Count > MaxEntries || (bytes > MaxBytes && entries.Count > 1))
            {
                pushedOut.Add(Unlink(entries.First!.Value));
            }
        }

        token.Register(() => Remove(entry));
        foreach (var old in pushedOut)
        {
            End(old);
        }

        return key;
    }

    public bool TryGet(string key, string userId, out PendingImage image)
    {
        lock (sync)
        {
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

    private void Remove(Entry entry)
    {
        lock (sync)
        {
            if (entry.Node is null)
            {
                return;
            }

            Unlink(entry);
        }

        End(entry);
    }

    private Entry Unlink(Entry entry)
    {
        entries.Remove(entry.Node!);
        entry.Node = null;
        bytes -= entry.MaxBytes;
        return entry;
    }

    /// <summary>Stops the download if it still runs. Outside the lock: cancelling runs the download's callbacks.</summary>
    private static void End(Entry entry)
    {
        entry.Lifetime.Cancel();
        entry.Lifetime.Dispose();
    }

    private sealed class Entry(string key, PendingImage image, long maxBytes, CancellationTokenSource lifetime)
    {
        public string Key { get; } = key;

        public PendingImage Image { get; } = image;

        public long MaxBytes { get; } = maxBytes;

        public CancellationTokenSource Lifetime { get; } = lifetime;

        /// <summary>Null once the entry left the list.</summary>
        public LinkedListNode<Entry>? Node { get; set; }
    }
}
