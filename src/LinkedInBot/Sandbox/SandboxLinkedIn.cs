using System.Security.Cryptography;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox's LinkedIn: codes, tokens, images and posts, in memory. Tokens and posts are also kept in the bot's
/// database (<see cref="SandboxState"/>) and restored at start, so a restart does not break the links the bot keeps;
/// codes and image bytes are not. Bounded, so repeated uploads cannot grow the process without end: beyond the caps
/// the oldest entries are dropped first. Tokens are keyed by their SHA-256, the form they are stored in.
/// </summary>
public sealed class SandboxLinkedIn(TimeProvider time)
{
    /// <summary>Images kept at most (registered or uploaded); the oldest go first.</summary>
    public const int MaxImages = 50;

    /// <summary>Image bytes kept at most, about three images at LinkedIn's size limit.</summary>
    public const long MaxImageBytes = 64L * 1024 * 1024;

    public const int MaxPosts = 1000;

    public const int MaxTokens = 1000;

    public const int MaxCodes = 1000;

    /// <summary>LinkedIn's authorization codes live 30 minutes (Authorization Code Flow).</summary>
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The <c>expires_in</c> LinkedIn answers: 60 days less a second.</summary>
    public const int TokenLifetimeSeconds = 5183999;

    /// <summary>LinkedIn refuses the same text by the same author again for about ten minutes.</summary>
    public static readonly TimeSpan DuplicateWindow = TimeSpan.FromMinutes(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, SandboxAuthorizationCode> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxAccessGrant> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxImage> _images = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SandboxDocument> _documents = new(StringComparer.Ordinal);
    private readonly Queue<string> _documentOrder = new();
    private readonly List<SandboxPost> _posts = [];

    // Insertion order, for dropping the oldest first.
    private readonly LinkedList<string> _imageOrder = new();
    private readonly Queue<string> _tokenOrder = new();
    private long _imageBytes;

    /// <summary>
    /// The app credentials the sandbox accepts, made at start. The bot's LinkedIn client gets them from the
    /// sandbox's registration; anyone else who reaches the port cannot exchange a code for a token without them.
    /// </summary>
    public string ClientId { get; } = "sandbox-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public string ClientSecret { get; } = NewSecret("SBX");

    /// <summary>The bytes of the uploaded images held now (at most <see cref="MaxImageBytes"/>).</summary>
    public long StoredImageBytes
    {
        get
        {
            lock (_lock)
            {
                return _imageBytes;
            }
        }
    }

    /// <summary>True when <paramref name="clientId"/> and <paramref name="clientSecret"/> are the sandbox's own (compared in constant time).</summary>
    public bool IsClient(string? clientId, string? clientSecret) =>
        FixedTimeEquals(clientId, ClientId) & FixedTimeEquals(clientSecret, ClientSecret);

    // Post ids start from the clock so a new run never hands out a URN the bot's ledger knows from the last run.
    private long _lastPostId = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;

    public DateTimeOffset Now => time.GetUtcNow();

    public SandboxAuthorizationCode IssueCode(SandboxMember member, string redirectUri, IReadOnlyList<string> scopes)
    {
        var code = new SandboxAuthorizationCode(NewSecret("AQT"), member, redirectUri, scopes, Now + CodeLifetime);
        lock (_lock)
        {
            // The consent form needs no sign-in, so unredeemed codes must not pile up in memory.
            foreach (var expired in _codes.Values.Where(c => c.ExpiresAt <= Now).Select(c => c.Code).ToList())
            {
                _codes.Remove(expired);
            }

            // Unexpired but never redeemed: anyone on loopback can ask for codes, so they are capped too.
            foreach (var oldest in _codes.Values.OrderBy(c => c.ExpiresAt).Take(Math.Max(0, _codes.Count - MaxCodes + 1)).Select(c => c.Code).ToList())
            {
                _codes.Remove(oldest);
            }

            _codes[code.Code] = code;
        }

        return code;
    }

    /// <summary>Consumes a code: whatever the outcome, it cannot be used again (like LinkedIn).</summary>
    public SandboxAuthorizationCode? RedeemCode(string code)
    {
        lock (_lock)
        {
            return _codes.Remove(code, out var found) ? found : null;
        }
    }

    public SandboxAccessGrant IssueToken(SandboxMember member, IReadOnlyList<string> scopes)
    {
        var grant = new SandboxAccessGrant(NewSecret("AQV"), member, scopes, Now + TimeSpan.FromSeconds(TokenLifetimeSeconds), Revoked: false);
        lock (_lock)
        {
            AddToken(SandboxState.Hash(grant.AccessToken), grant);
        }

        return grant;
    }

    /// <summary>Puts back the tokens and posts saved by an earlier run (oldest posts first).</summary>
    public void Restore(IReadOnlyList<(string Hash, SandboxAccessGrant Grant)> tokens, IReadOnlyList<SandboxPost> posts)
    {
        lock (_lock)
        {
            foreach (var (hash, grant) in tokens.Reverse())
            {
                AddToken(hash, grant);
            }

            _posts.InsertRange(0, posts.Where(p => _posts.TrueForAll(q => q.Urn != p.Urn)));
        }
    }

    public SandboxAccessGrant? FindToken(string accessToken)
    {
        lock (_lock)
        {
            return _tokens.GetValueOrDefault(SandboxState.Hash(accessToken));
        }
    }

    // Call with the lock held.
    private void AddToken(string hash, SandboxAccessGrant grant)
    {
        _tokens[hash] = grant;
        _tokenOrder.Enqueue(hash);
        while (_tokenOrder.Count > MaxTokens)
        {
            _tokens.Remove(_tokenOrder.Dequeue());
        }
    }

    /// <summary>Returns false for a token the sandbox never issued.</summary>
    public bool Revoke(string accessToken)
    {
        lock (_lock)
        {
            var hash = SandboxState.Hash(accessToken);
            if (!_tokens.TryGetValue(hash, out var grant))
            {
                return false;
            }

            _tokens[hash] = grant with { Revoked = true };
            return true;
        }
    }

    public SandboxImage RegisterImage(string ownerUrn)
    {
        // LinkedIn image ids look like D4E10AQH…; any opaque URL-safe id will do.
        var image = new SandboxImage("D4E" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), ownerUrn, Now);
        lock (_lock)
        {
            _images[image.Id] = image;
            _imageOrder.AddLast(image.Id);
            DropOldImages();
        }

        return image;
    }

    public SandboxImage? FindImage(string id)
    {
        lock (_lock)
        {
            return _images.GetValueOrDefault(id);
        }
    }

    public void StoreImageBytes(string id, byte[] bytes, string contentType)
    {
        lock (_lock)
        {
            if (_images.TryGetValue(id, out var image))
            {
                _imageBytes += bytes.LongLength - (image.Bytes?.LongLength ?? 0);
                _images[id] = image with { Bytes = bytes, ContentType = contentType };

                // The newest upload stays even when it alone is over the budget (it is at most LinkedIn's limit).
                _imageOrder.Remove(id);
                _imageOrder.AddLast(id);
                DropOldImages();
            }
        }
    }

    /// <summary>Registers a document upload; only its size is kept once uploaded (a document may be 100 MB).</summary>
    public SandboxDocument RegisterDocument(string ownerUrn)
    {
        var document = new SandboxDocument("D4D" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)), ownerUrn, Now);
        lock (_lock)
        {
            _documents[document.Id] = document;
            _documentOrder.Enqueue(document.Id);
            while (_documentOrder.Count > MaxImages)
            {
                _documents.Remove(_documentOrder.Dequeue());
            }
        }

        return document;
    }

    public SandboxDocument? FindDocument(string id)
    {
        lock (_lock)
        {
            return _documents.GetValueOrDefault(id);
        }
    }

    /// <summary>Records the one PUT of a document; false when it was uploaded already (LinkedIn keeps only one PUT).</summary>
    public bool StoreDocumentLength(string id, long length)
    {
        lock (_lock)
        {
            if (!_documents.TryGetValue(id, out var document) || document.Length is not null)
            {
                return false;
            }

            _documents[id] = document with { Length = length };
            return true;
        }
    }

    /// <summary>Creates the post, or returns the URN of the identical post that makes this one a duplicate.</summary>
    public (SandboxPost Post, bool Duplicate) CreatePost(SandboxMember author, string commentary, string renderedText, string visibility, string? imageId, string? imageAltText, SandboxArticle? article = null, SandboxMedia? media = null)
    {
        var now = Now;
        lock (_lock)
        {
            var original = _posts.LastOrDefault(p =>
                p.Author.Sub == author.Sub && p.Commentary == commentary && now - p.CreatedAt < DuplicateWindow);
            if (original is not null)
            {
                return (original, true);
            }

            var post = new SandboxPost($"urn:li:share:{++_lastPostId}", author, commentary, renderedText, visibility, imageId, imageAltText, now) { Article = article, Media = media };
            _posts.Add(post);
            if (_posts.Count > MaxPosts)
            {
                _posts.RemoveRange(0, _posts.Count - MaxPosts);
            }

            return (post, false);
        }
    }

    public SandboxPost? FindPost(string urn)
    {
        lock (_lock)
        {
            return _posts.Find(p => p.Urn == urn);
        }
    }

    public void UpdatePost(string urn, string commentary, string renderedText)
    {
        lock (_lock)
        {
            var index = _posts.FindIndex(p => p.Urn == urn);
            if (index >= 0)
            {
                _posts[index] = _posts[index] with { Commentary = commentary, RenderedText = renderedText };
            }
        }
    }

    public void DeletePost(string urn)
    {
        lock (_lock)
        {
            _posts.RemoveAll(p => p.Urn == urn);
        }
    }

    /// <summary>The posts, newest first.</summary>
    public IReadOnlyList<SandboxPost> Feed()
    {
        lock (_lock)
        {
            return _posts.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Urn, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Drops the oldest images until both caps hold, keeping the newest one. Call with the lock held.</summary>
    private void DropOldImages()
    {
        while (_imageOrder.Count > 1 && (_imageOrder.Count > MaxImages || _imageBytes > MaxImageBytes))
        {
            var oldest = _imageOrder.First!.Value;
            _imageOrder.RemoveFirst();
            if (_images.Remove(oldest, out var dropped))
            {
                _imageBytes -= dropped.Bytes?.LongLength ?? 0;
            }
        }
    }

    private static bool FixedTimeEquals(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(given)), SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(expected)));

    private static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
