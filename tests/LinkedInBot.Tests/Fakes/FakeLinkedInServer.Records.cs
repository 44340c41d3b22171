namespace LinkedInBot.Tests.Fakes;

/// <summary>A post the fake accepted: the raw commentary as sent and what LinkedIn would display.</summary>
public sealed record FakePost(
    string Urn,
    string Author,
    string Commentary,
    string RenderedText,
    IReadOnlyList<string> Hashtags,
    bool Truncated,
    string? ImageUrn,
    DateTimeOffset CreatedAt,
    bool Deleted)
{
    /// <summary><c>content.article</c>, the link card, when the post has one.</summary>
    public FakeArticle? Article { get; init; }

    /// <summary><c>content.multiImage.images</c>, in order, when the post has several images.</summary>
    public IReadOnlyList<FakeImage>? MultiImage { get; init; }

    /// <summary><c>content.media</c> naming a document: its URN and title.</summary>
    public FakeDocument? Document { get; init; }

    /// <summary><c>content.media.altText</c> of a single image.</summary>
    public string? AltText { get; init; }
}

/// <summary>One image of a multi-image post.</summary>
public sealed record FakeImage(string Id, string? AltText);

/// <summary>A document post's <c>content.media</c>.</summary>
public sealed record FakeDocument(string Urn, string Title);

/// <summary>A post's <c>content.article</c>: source, title, description, thumbnail (an uploaded image URN).</summary>
public sealed record FakeArticle(string Source, string Title, string? Description, string? Thumbnail);

/// <summary>One request as it reached the fake (headers case-insensitive; binary bodies summarised).</summary>
public sealed record FakeRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

/// <summary>An answer scripted for the next create; <see cref="ExecuteFirst"/> creates the post and still fails.</summary>
public sealed record FakeScriptedAnswer(int Status, string Body, bool ExecuteFirst);

/// <summary>Error bodies as LinkedIn sends them (reference §1, §4, §7).</summary>
public static class FakeLinkedInBodies
{
    public const string InvalidToken = """{"status":401,"serviceErrorCode":65600,"code":"INVALID_ACCESS_TOKEN","message":"Invalid access token"}""";
    public const string RevokedToken = """{"status":401,"serviceErrorCode":65601,"code":"REVOKED_ACCESS_TOKEN","message":"The token used in the request has been revoked by the user"}""";
    public const string ExpiredToken = """{"status":401,"serviceErrorCode":65602,"code":"EXPIRED_ACCESS_TOKEN","message":"The token used in the request has expired"}""";
    public const string AccessDenied = """{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: partnerApiPostsExternal.CREATE.20261001"}""";
    public const string Throttled = """{"serviceErrorCode":101,"message":"Resource level throttle limit for calls to this resource is reached.","status":429}""";
    public const string ServerError = """{"message":"Internal Server Error","status":500}""";
    public const string VersionMissing = """{"status":400,"code":"VERSION_MISSING","message":"A version must be present. Please specify a version by adding the LinkedIn-Version header."}""";
    public const string FieldTooLong = """{"status":400,"code":"FIELD_LENGTH_TOO_LONG","message":"/commentary :: length of text exceeds 3000"}""";

    public static string Retired(string version) =>
        $$"""{"status":426,"code":"NONEXISTENT_VERSION","message":"Requested version {{version}} is not active"}""";

    public static string Duplicate(string originalUrn) =>
        $$$"""{"errorDetailType":"com.linkedin.common.error.BadRequest","message":"ERROR :: /commentary :: Content is a duplicate of {{{originalUrn}}}","errorDetails":{"inputErrors":[{"description":"Duplicate post is detected","input":{"inputPath":{"fieldPath":"/commentary"}},"code":"DUPLICATE_POST"}]},"status":422}""";

    public static string OAuth(string error, string description) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description });
}
