using System.Security.Cryptography;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox's Videos API state: each video is cut into 4 MiB parts like LinkedIn's, its parts written into a file of
/// its own in a temporary folder (a video can be 500 MB: never in memory), and kept until the bot stops or
/// <see cref="MaxVideos"/> newer ones arrive. Posts survive a restart; their videos do not.
/// </summary>
public sealed class SandboxVideos : IDisposable
{
    public const int PartSize = 4 * 1024 * 1024;

    public const int MaxVideos = 20;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SandboxVideo> _videos = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "linkedinbot-sandbox-videos-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));
    private long _lastId = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    public SandboxVideo Register(string ownerUrn, long size)
    {
        Directory.CreateDirectory(_folder);
        lock (_lock)
        {
            var id = "C5610AQ" + (++_lastId).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var video = new SandboxVideo(id, ownerUrn, size, Path.Combine(_folder, id + ".mp4"), "sbx-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
            _videos[id] = video;
            _order.Enqueue(id);
            while (_order.Count > MaxVideos && _order.TryDequeue(out var oldest))
            {
                if (_videos.Remove(oldest, out var dropped))
                {
                    dropped.Delete();
                }
            }

            return video;
        }
    }

    public SandboxVideo? Find(string id)
    {
        lock (_lock)
        {
            return _videos.GetValueOrDefault(id);
        }
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_folder))
            {
                Directory.Delete(_folder, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>One video of the sandbox: its parts' ETags and its status (WAITING_UPLOAD → PROCESSING → AVAILABLE).</summary>
public sealed class SandboxVideo(string id, string ownerUrn, long size, string filePath, string uploadToken)
{
    private readonly Lock _lock = new();
    private readonly string?[] _etags = new string?[(int)((size + SandboxVideos.PartSize - 1) / SandboxVideos.PartSize)];
    private bool _processedOnce;

    public string Id { get; } = id;

    public string Urn => "urn:li:video:" + Id;

    public string OwnerUrn { get; } = ownerUrn;

    public long Size { get; } = size;

    public string FilePath { get; } = filePath;

    public string UploadToken { get; } = uploadToken;

    public int PartCount => _etags.Length;

    public string Status { get; private set; } = "WAITING_UPLOAD";

    public long FirstByte(int part) => (long)part * SandboxVideos.PartSize;

    public long LastByte(int part) => Math.Min(FirstByte(part) + SandboxVideos.PartSize, Size) - 1;

    /// <summary>Writes a part's bytes at its offset; null (and nothing kept) when the body is not exactly the part's length.</summary>
    public async Task<string?> WritePartAsync(int part, Stream body, CancellationToken cancellationToken)
    {
        var expected = LastByte(part) - FirstByte(part) + 1;
        var buffer = new byte[81920];
        long received = 0;
        await using (var file = new FileStream(FilePath, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite, 4096, useAsync: true))
        {
            file.Position = FirstByte(part);
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received += read;
                if (received > expected)
                {
                    return null;
                }

                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (received != expected)
        {
            return null;
        }

        lock (_lock)
        {
            return _etags[part] = $"/sandbox-video/{Id}/part-{part}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        }
    }

    /// <summary>Null when the upload is complete and the ETags are the parts', in order; otherwise why not.</summary>
    public string? Finalize(string? token, IReadOnlyList<string?> partIds)
    {
        lock (_lock)
        {
            if (Status != "WAITING_UPLOAD")
            {
                return "The upload is already finalized.";
            }

            if (token != UploadToken)
            {
                return "Invalid uploadToken.";
            }

            if (!partIds.SequenceEqual(_etags, StringComparer.Ordinal) || _etags.Any(etag => etag is null))
            {
                return "uploadedPartIds must list the ETag of every part, in the order of the upload instructions.";
            }

            Status = "PROCESSING";
            return null;
        }
    }

    /// <summary>The status as a poll sees it: the first poll after finalize finds it processing, the next one available.</summary>
    public string Poll()
    {
        lock (_lock)
        {
            if (Status == "PROCESSING")
            {
                if (_processedOnce)
                {
                    Status = "AVAILABLE";
                }

                _processedOnce = true;
            }

            return Status;
        }
    }

    internal void Delete()
    {
        try
        {
            File.Delete(FilePath);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
