using System.Security.Cryptography;
using System.Text;

namespace LinkedInBot.Sandbox;

/// <summary>A member of the sandbox. The same name always gives the same member, across runs too.</summary>
public sealed record SandboxMember(string Sub, string Name)
{
    public const string DefaultName = "Ada Lovelace";

    public const int MaxNameLength = 100;

    public string Urn => "urn:li:person:" + Sub;

    public static SandboxMember FromName(string? name)
    {
        var clean = string.Join(' ', (name ?? string.Empty).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0)
        {
            clean = DefaultName;
        }

        if (clean.Length > MaxNameLength)
        {
            clean = clean[..MaxNameLength].TrimEnd();
        }

        // LinkedIn's sub is short, opaque and stable per app; a hash of the name behaves the same way.
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-member:" + clean));
        var sub = Convert.ToBase64String(hash)[..10].Replace('+', 'x').Replace('/', 'y');
        return new SandboxMember(sub, clean);
    }
}

/// <summary>
/// The one company page of the sandbox, which every sandbox member administers (issue 14 §1), so posting as a page
/// works with no accounts. Its posts are kept with an author whose <see cref="SandboxMember.Sub"/> is <see cref="AuthorSub"/>.
/// </summary>
public static class SandboxPage
{
    public const string Id = "90210001";

    public const string Name = "Sandbox Inc.";

    public const string VanityName = "sandbox-inc";

    public const string Urn = "urn:li:organization:" + Id;

    public const string AuthorSub = "organization:" + Id;

    /// <summary>The page as a post's author.</summary>
    public static SandboxMember Author { get; } = new(AuthorSub, Name);

    /// <summary>True when <paramref name="grant"/> may act for the page: it carries the page scope.</summary>
    public static bool MayPost(SandboxAccessGrant grant) => grant.Scopes.Contains("w_organization_social");
}

/// <summary>An authorization code waiting for its single exchange.</summary>
public sealed record SandboxAuthorizationCode(string Code, SandboxMember Member, string RedirectUri, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

/// <summary>An access token the sandbox issued.</summary>
public sealed record SandboxAccessGrant(string AccessToken, SandboxMember Member, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt, bool Revoked);

/// <summary>An image registered by initializeUpload; <see cref="Bytes"/> is null until the PUT arrives.</summary>
public sealed record SandboxImage(string Id, string OwnerUrn, DateTimeOffset CreatedAt, byte[]? Bytes = null, string? ContentType = null)
{
    public string Urn => "urn:li:image:" + Id;
}

/// <summary>A post as the sandbox keeps it: the little text LinkedIn received and what LinkedIn would show.</summary>
public sealed record SandboxPost(
    string Urn,
    SandboxMember Author,
    string Commentary,
    string RenderedText,
    string Visibility,
    string? ImageId,
    string? ImageAltText,
    DateTimeOffset CreatedAt)
{
    /// <summary><c>content.article</c>: a link card.</summary>
    public SandboxArticle? Article { get; init; }

    /// <summary><c>content.multiImage</c> or a document's <c>content.media</c>.</summary>
    public SandboxMedia? Media { get; init; }
}

/// <summary>What a post shows besides one image or a card: several images (a grid), or a document (its title).</summary>
public sealed record SandboxMedia(IReadOnlyList<SandboxPostImage>? Images, SandboxPostDocument? Document)
{
    /// <summary>A video post's video: the id of a <see cref="SandboxVideo"/> (its file is kept until the bot stops).</summary>
    public string? VideoId { get; init; }
}

/// <summary>One image of a multi-image post: an uploaded image's id and its alt text.</summary>
public sealed record SandboxPostImage(string Id, string? AltText);

/// <summary>A document post's document: its URN, title and size.</summary>
public sealed record SandboxPostDocument(string Urn, string Title, long Length);

/// <summary>A document registered by initializeUpload; <see cref="Length"/> is null until the PUT. Its bytes are not kept.</summary>
public sealed record SandboxDocument(string Id, string OwnerUrn, DateTimeOffset CreatedAt, long? Length = null)
{
    public string Urn => "urn:li:document:" + Id;
}

/// <summary>A link card as a post carries it: source, title, description, thumbnail (an uploaded image's id).</summary>
public sealed record SandboxArticle(string Source, string Title, string? Description, string? ThumbnailId);
