using System.Security.Cryptography;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox's LinkedIn: codes, tokens, images and posts. Kept in memory on purpose: the sandbox is for
/// trying the bot out, and a restart starting from an empty feed is what a newcomer expects.
/// </summary>
public sealed class SandboxLinkedIn(TimeProvider time)
{
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
    private readonly List<SandboxPost> _posts = [];

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
            _tokens[grant.AccessToken] = grant;
        }

        return grant;
    }

    public SandboxAccessGrant? FindToken(string accessToken)
    {
        lock (_lock)
        {
            return _tokens.GetValueOrDefault(accessToken);
        }
    }

    /// <summary>Returns false for a token the sandbox never issued.</summary>
    public bool Revoke(string accessToken)
    {
        lock (_lock)
        {
            if (!_tokens.TryGetValue(accessToken, out var grant))
            {
                return false;
            }

            _tokens[accessToken] = grant with { Revoked = true };
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
                _images[id] = image with { Bytes = bytes, ContentType = contentType };
            }
        }
    }

    /// <summary>Creates the post, or returns the URN of the identical post that makes this one a duplicate.</summary>
    public (SandboxPost Post, bool Duplicate) CreatePost(SandboxMember author, string commentary, string renderedText, string visibility, string? imageId, string? imageAltText)
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

            var post = new SandboxPost($"urn:li:share:{++_lastPostId}", author, commentary, renderedText, visibility, imageId, imageAltText, now);
            _posts.Add(post);
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

    private static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
