using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Fakes;

/// <summary>
/// LinkedIn on loopback: OAuth (authorize, accessToken, revoke), OpenID userinfo, Posts, Images and Videos (FakeLinkedInServer.Videos.cs) as described in
/// /work/shared/reference/linkedin-api.md. Real Kestrel on 127.0.0.1 with a free port, thread-safe, no test
/// framework inside (a benchmark app compiles it too). Failures are scripted per create; a latency can be set.
/// </summary>
public sealed partial class FakeLinkedInServer : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeCode> _codes = [];
    private readonly Dictionary<string, FakeToken> _tokens = [];
    private readonly List<FakePost> _posts = [];

    // Live posts by what LinkedIn compares for its duplicate check: a scan of every post ever made would make each
    // create cost more the longer a run lasts (a benchmark makes tens of thousands), under the lock.
    private readonly Dictionary<(string Author, string Commentary, string? ImageUrn), FakePost> _livePosts = [];
    private readonly Dictionary<string, byte[]?> _images = [];

    // Who initialized each image's upload: LinkedIn wants a multi-image post's images owned by its author.
    private readonly Dictionary<string, string> _imageOwners = [];
    private readonly Queue<FakeScriptedAnswer> _scriptedCreates = new();
    private readonly Queue<(string Path, int Status)> _scriptedFailures = new();
    private readonly HashSet<string> _retiredVersions = ["202401", "202404"];
    private readonly List<FakeRequest> _requests = [];
    private readonly Dictionary<string, string> _revokedTokens = [];
    private WebApplication? _app;
    private long _nextId = 7_295_588_489_876_647_000;
    private (string Sub, string? Name) _signingIn = ("fake-member-1", "Ada Lovelace");
    private string? _nextAuthorizeError;
    private bool _expireNextCode;

    private FakeLinkedInServer()
    {
    }

    /// <summary>The root, for <c>LinkedIn:ApiBaseUrl</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>For <c>LinkedIn:AuthBaseUrl</c>.</summary>
    public string AuthBaseUrl => BaseUrl + "/oauth/v2";

    public string ClientId { get; } = "fake-client-" + RandomNumberGenerator.GetHexString(8, lowercase: true);

    public string ClientSecret { get; } = "fake-secret-" + RandomNumberGenerator.GetHexString(24, lowercase: true);

    /// <summary><c>expires_in</c> of issued tokens (LinkedIn: 5183999 s, 60 days).</summary>
    public long TokenExpiresInSeconds { get; set; } = 5_183_999;

    /// <summary>How long each create takes before it answers; awaited, so other requests keep flowing.</summary>
    public TimeSpan CreateLatency { get; set; }

    /// <summary>
    /// Called with a created post's URN once the create's answer has been sent (the benchmark times replies against
    /// it). Null (the default) in tests.
    /// </summary>
    public Action<string>? CreateAnswered { get; set; }

    /// <summary>How long the upload of an image's bytes (PUT /upload/{id}) takes, like a slow uplink.</summary>
    public TimeSpan UploadLatency { get; set; }

    /// <summary>How long the token exchange (POST /oauth/v2/accessToken) takes to answer.</summary>
    public TimeSpan ExchangeLatency { get; set; }

    public IReadOnlyList<FakePost> Posts
    {
        get
        {
            lock (_gate)
            {
                return [.. _posts];
            }
        }
    }

    public IReadOnlyList<FakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>POST /rest/posts requests received, including refused and retried ones.</summary>
    public int CreateAttempts => Requests.Count(r => r.Method == "POST" && r.Path == "/rest/posts");

    /// <summary>Bytes PUT to each image's upload URL, by image URN (null: initialized, never uploaded).</summary>
    public IReadOnlyDictionary<string, byte[]?> Images
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, byte[]?>(_images);
            }
        }
    }

    public static async Task<FakeLinkedInServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new FakeLinkedInServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Use(server.RecordAsync);
        app.MapGet("/oauth/v2/authorization", (RequestDelegate)server.Authorize);
        app.MapPost("/oauth/v2/accessToken", (RequestDelegate)server.ExchangeAsync);
        app.MapPost("/oauth/v2/revoke", (RequestDelegate)server.RevokeAsync);
        app.MapGet("/v2/userinfo", (RequestDelegate)server.UserInfoAsync);
        app.MapPost("/rest/posts", (RequestDelegate)server.CreatePostAsync);
        app.MapDelete("/rest/posts/{urn}", (RequestDelegate)server.DeletePostAsync);
        app.MapPost("/rest/posts/{urn}", (RequestDelegate)server.UpdatePostAsync);
        app.MapPost("/rest/images", (RequestDelegate)server.InitializeUploadAsync);
        app.MapPut("/upload/{id}", (RequestDelegate)server.UploadAsync);
        server.MapVideos(app);
        app.MapPost("/rest/documents", (RequestDelegate)server.InitializeDocumentUploadAsync);
        app.MapPut("/upload-document/{id}", (RequestDelegate)server.UploadDocumentAsync);
        server.MapPages(app);
        await app.StartAsync(cancellationToken);
        server._app = app;
        server.BaseUrl = app.Urls.First().TrimEnd('/');
        return server;
    }

    /// <summary>The member who "signs in" at the next authorization.</summary>
    public void SignInAs(string sub, string? name)
    {
        lock (_gate)
        {
            _signingIn = (sub, name);
        }
    }

    /// <summary>The next authorization ends with <c>?error=…</c>, e.g. <c>user_cancelled_authorize</c>.</summary>
    public void FailNextAuthorization(string error = "user_cancelled_authorize")
    {
        lock (_gate)
        {
            _nextAuthorizeError = error;
        }
    }

    /// <summary>
    /// The next authorization redirects with a code that has expired by the time the bot exchanges it (codes
    /// live 30 minutes): the exchange answers 400 invalid_request, as LinkedIn does.
    /// </summary>
    public void ExpireNextCode()
    {
        lock (_gate)
        {
            _expireNextCode = true;
        }
    }

    /// <summary>A valid access token for a member, for tests that seed a link directly.</summary>
    public string IssueTokenFor(string sub, string? name)
    {
        lock (_gate)
        {
            return IssueToken(sub, name, "openid,profile,w_member_social");
        }
    }

    public void ExpireToken(string token)
    {
        lock (_gate)
        {
            if (_tokens.TryGetValue(token, out var known))
            {
                _tokens[token] = known with { ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) };
            }
        }
    }

    public bool IsRevoked(string token)
    {
        lock (_gate)
        {
            return _revokedTokens.ContainsKey(token);
        }
    }

    public void RetireVersion(string version)
    {
        lock (_gate)
        {
            _retiredVersions.Add(version);
        }
    }

    /// <summary>The next create answers this (without creating), e.g. 429 with <see cref="FakeLinkedInBodies.Throttled"/>.</summary>
    public void EnqueueCreateAnswer(int status, string body)
    {
        lock (_gate)
        {
            _scriptedCreates.Enqueue(new FakeScriptedAnswer(status, body, ExecuteFirst: false));
        }
    }

    /// <summary>The next request to <paramref name="path"/> (any method) is answered <paramref name="status"/> without being handled.</summary>
    public void FailNextRequestTo(string path, int status)
    {
        lock (_gate)
        {
            _scriptedFailures.Enqueue((path, status));
        }
    }

    /// <summary>The ambiguous failure: the next create is executed, then answered with an error anyway.</summary>
    public void EnqueueCreateExecutedThenFailed(int status = 500)
    {
        lock (_gate)
        {
            _scriptedCreates.Enqueue(new FakeScriptedAnswer(status, FakeLinkedInBodies.ServerError, ExecuteFirst: true));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        context.Request.EnableBuffering();
        string body;
        if (context.Request.ContentType?.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase) == true)
        {
            body = $"<{context.Request.ContentLength} bytes>";
        }
        else
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8, leaveOpen: true);
            body = await reader.ReadToEndAsync(context.RequestAborted);
            context.Request.Body.Position = 0;
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        int? failWith = null;
        lock (_gate)
        {
            _requests.Add(new FakeRequest(context.Request.Method, context.Request.Path.Value ?? string.Empty,
                context.Request.QueryString.Value ?? string.Empty, headers, body));
            if (_scriptedFailures.TryPeek(out var failure) && failure.Path == context.Request.Path.Value)
            {
                failWith = _scriptedFailures.Dequeue().Status;
            }
        }

        if (failWith is { } status)
        {
            await WriteAsync(context, status, FakeLinkedInBodies.ServerError);
            return;
        }

        await next(context);
    }

    private Task Authorize(HttpContext context)
    {
        var query = context.Request.Query;
        string redirectUri = query["redirect_uri"].ToString();
        if (query["response_type"] != "code" || query["client_id"] != ClientId || !Uri.IsWellFormedUriString(redirectUri, UriKind.Absolute))
        {
            return WriteAsync(context, 400, FakeLinkedInBodies.OAuth("invalid_request", "Invalid authorization request"));
        }

        string state = query["state"].ToString();
        string target;
        lock (_gate)
        {
            if (_nextAuthorizeError is { } error)
            {
                _nextAuthorizeError = null;
                target = $"{redirectUri}?error={error}&error_description={Uri.EscapeDataString("The user cancelled the authorization")}&state={Uri.EscapeDataString(state)}";
            }
            else
            {
                var code = "fake-code-" + RandomNumberGenerator.GetHexString(32, lowercase: true);
                if (!_expireNextCode)
                {
                    _codes[code] = new FakeCode(_signingIn.Sub, _signingIn.Name, redirectUri, query["scope"].ToString(), Used: false);
                }

                _expireNextCode = false;
                target = $"{redirectUri}?code={code}&state={Uri.EscapeDataString(state)}";
            }
        }

        context.Response.Redirect(target);
        return Task.CompletedTask;
    }

    private async Task ExchangeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (ExchangeLatency > TimeSpan.Zero)
        {
            await Task.Delay(ExchangeLatency, context.RequestAborted);
        }

        (int Status, string Body) answer;
        lock (_gate)
        {
            answer = Exchange(form);
        }

        await WriteAsync(context, answer.Status, answer.Body);
    }

    private (int Status, string Body) Exchange(IFormCollection form)
    {
        string code = form["code"].ToString();
        if (form["grant_type"] == "refresh_token")
        {
            return Refresh(form);
        }

        if (form["grant_type"] != "authorization_code")
        {
            return (400, FakeLinkedInBodies.OAuth("unsupported_grant_type", "Unsupported grant type"));
        }

        if (code.Length == 0)
        {
            return (400, FakeLinkedInBodies.OAuth("invalid_request", "A required parameter \"code\" is missing"));
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            return (401, FakeLinkedInBodies.OAuth("invalid_client", "Client authentication failed"));
        }

        if (!_codes.TryGetValue(code, out var known) || known.RedirectUri != form["redirect_uri"])
        {
            return (400, FakeLinkedInBodies.OAuth("invalid_request",
                "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists"));
        }

        if (known.Used)
        {
            return (401, FakeLinkedInBodies.OAuth("invalid_request", "authorization code not found"));
        }

        _codes[code] = known with { Used = true };
        var scope = string.Join(',', known.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var token = IssueToken(known.Sub, known.Name, scope);
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = TokenExpiresInSeconds,
            ["scope"] = scope,
            ["token_type"] = "Bearer",
            ["id_token"] = "eyJhbGciOiJSUzI1NiJ9.e30.fake",
        };
        if (IssueRefreshTokens)
        {
            body["refresh_token"] = IssueRefresh(known.Sub, known.Name, scope);
            body["refresh_token_expires_in"] = RefreshTokenExpiresInSeconds;
        }

        return (200, body.ToJsonString());
    }

    private async Task RevokeAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await WriteAsync(context, 401, FakeLinkedInBodies.OAuth("invalid_client", "Client authentication failed"));
            return;
        }

        lock (_gate)
        {
            string token = form["token"].ToString();
            if (_tokens.ContainsKey(token))
            {
                _revokedTokens[token] = token;
            }
        }

        context.Response.StatusCode = 200;
    }

    private Task UserInfoAsync(HttpContext context)
    {
        if (Authenticate(context, out var member) is { } failure)
        {
            return WriteAsync(context, 401, failure);
        }

        var names = (member.Name ?? string.Empty).Split(' ', 2);
        var body = new JsonObject
        {
            ["sub"] = member.Sub,
            ["email_verified"] = "true",
            ["picture"] = "https://media.licdn.com/dms/image/fake.jpg",
            ["locale"] = new JsonObject { ["country"] = "US", ["language"] = "en" },
            ["given_name"] = names[0].Length > 0 ? names[0] : "Grace",
            ["family_name"] = names.Length > 1 ? names[1] : "Hopper",
            ["some_future_field"] = new JsonArray(1, "two", new JsonObject { ["three"] = 3 }),
        };
        if (member.Name is not null)
        {
            body["name"] = member.Name;
        }

        return WriteAsync(context, 200, body.ToJsonString());
    }

    private async Task CreatePostAsync(HttpContext context)
    {
        if (CreateLatency > TimeSpan.Zero)
        {
            await Task.Delay(CreateLatency, context.RequestAborted);
        }

        if (RejectApiCall(context, out var member) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Body);
            return;
        }

        JsonNode? json;
        try
        {
            json = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            json = null;
        }

        (int Status, string Body, string? Urn) answer;
        lock (_gate)
        {
            answer = CreatePost(json, member);
        }

        if (answer.Urn is not null)
        {
            context.Response.Headers["x-restli-id"] = answer.Urn;
        }

        await WriteAsync(context, answer.Status, answer.Body);
        if (answer.Urn is not null && CreateAnswered is { } answered)
        {
            // Flushed first, so the time is when the answer left, not when this handler returned.
            await context.Response.CompleteAsync();
            answered(answer.Urn);
        }
    }

    private (int Status, string Body, string? Urn) CreatePost(JsonNode? json, FakeToken member)
    {
        var scripted = _scriptedCreates.TryDequeue(out var next) ? next : null;
        if (scripted is { ExecuteFirst: false })
        {
            return (scripted.Status, scripted.Body, null);
        }

        var author = json?["author"]?.GetValue<string>();
        var commentary = json?["commentary"]?.GetValue<string>();
        var imageUrn = json?["content"]?["media"]?["id"]?.GetValue<string>();
        var articleJson = json?["content"]?["article"];
        if (CheckMedia(json?["content"], author) is { } mediaProblem)
        {
            return (400, mediaProblem, null);
        }

        var multiImage = MultiImageOf(json?["content"]);
        FakeDocument? document = null;
        if (imageUrn is not null && imageUrn.StartsWith("urn:li:document:", StringComparison.Ordinal))
        {
            document = new FakeDocument(imageUrn, json?["content"]?["media"]?["title"]?.GetValue<string>() ?? "");
            imageUrn = null;
        }

        FakeArticle? article = articleJson is null ? null : new FakeArticle(
            articleJson["source"]?.GetValue<string>() ?? string.Empty,
            articleJson["title"]?.GetValue<string>() ?? string.Empty,
            articleJson["description"]?.GetValue<string>(),
            articleJson["thumbnail"]?.GetValue<string>());
        if (article is not null && (imageUrn is not null || multiImage is not null || document is not null || article.Title.Length == 0
            || !Uri.TryCreate(article.Source, UriKind.Absolute, out _)))
        {
            // content holds exactly one of media, multiImage, article; an article needs its source and title.
            return (400, """{"status":400,"message":"Invalid content.article"}""", null);
        }

        if (article?.Thumbnail is { } thumbnail && (!_images.TryGetValue(thumbnail, out var thumbnailBytes) || thumbnailBytes is null))
        {
            return (400, $$"""{"status":400,"message":"Image {{thumbnail}} is not available"}""", null);
        }

        if (author is null || commentary is null
            || json?["visibility"]?.GetValue<string>() != "PUBLIC"
            || json?["lifecycleState"]?.GetValue<string>() != "PUBLISHED"
            || json?["distribution"]?["feedDistribution"]?.GetValue<string>() != "MAIN_FEED"
            || json?["isReshareDisabledByAuthor"]?.GetValue<bool>() != false)
        {
            return (400, """{"status":400,"message":"Syntax exception in path variables"}""", null);
        }

        if (!MayActAs(member, author))
        {
            return (403, """{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: partnerApiPostsExternal.CREATE.20261001"}""", null);
        }

        if (commentary.Length > 3000)
        {
            return (400, FakeLinkedInBodies.FieldTooLong, null);
        }

        if (imageUrn is not null && imageUrn.StartsWith("urn:li:video:", StringComparison.Ordinal))
        {
            if (RejectVideoMedia(imageUrn) is { } videoRefusal)
            {
                return (videoRefusal.Status, videoRefusal.Body, null);
            }
        }
        else if (imageUrn is not null && (!_images.TryGetValue(imageUrn, out var bytes) || bytes is null))
        {
            return (400, $$"""{"status":400,"message":"Image {{imageUrn}} is not available"}""", null);
        }

        var mediaKey = imageUrn ?? document?.Urn ?? (multiImage is null ? null : string.Join(',', multiImage.Select(i => i.Id)));
        if (_livePosts.TryGetValue((author, commentary, mediaKey), out var original))
        {
            return (422, FakeLinkedInBodies.Duplicate(original.Urn), null);
        }

        var urn = "urn:li:share:" + (++_nextId);
        var rendering = RenderLittleText(commentary);
        var post = new FakePost(urn, author, commentary, rendering.Text, rendering.Hashtags, rendering.Truncated, imageUrn, DateTimeOffset.UtcNow, Deleted: false)
        {
            Article = article,
            MultiImage = multiImage,
            Document = document,
            AltText = json?["content"]?["media"]?["altText"]?.GetValue<string>(),
        };
        _posts.Add(post);
        _livePosts[(author, commentary, mediaKey)] = post;
        return scripted is null ? (201, string.Empty, urn) : (scripted.Status, scripted.Body, null);
    }

    private Task DeletePostAsync(HttpContext context)
    {
        if (RejectApiCall(context, out var member) is { } refused)
        {
            return WriteAsync(context, refused.Status, refused.Body);
        }

        var urn = (string)context.Request.RouteValues["urn"]!;
        lock (_gate)
        {
            var index = _posts.FindIndex(p => p.Urn == urn);
            if (index >= 0)
            {
                if (!MayActAs(member, _posts[index].Author))
                {
                    return WriteAsync(context, 403, FakeLinkedInBodies.AccessDenied);
                }

                var deleted = _posts[index];
                _posts[index] = deleted with { Deleted = true };
                _livePosts.Remove((deleted.Author, deleted.Commentary, deleted.ImageUrn ?? deleted.Document?.Urn ?? (deleted.MultiImage is { } images ? string.Join(',', images.Select(i => i.Id)) : null)));
            }
        }

        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>
    /// <c>POST /rest/posts/{urn}</c> with <c>X-RestLi-Method: PARTIAL_UPDATE</c> and <c>{"patch":{"$set":{"commentary":…}}}</c>:
    /// only the commentary may change (reference linkedin-api.md); anything else in the patch is refused.
    /// </summary>
    private async Task UpdatePostAsync(HttpContext context)
    {
        if (RejectApiCall(context, out var member) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Body);
            return;
        }

        var json = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        var set = json?["patch"]?["$set"] as JsonObject;
        var commentary = set?["commentary"]?.GetValue<string>();
        if (context.Request.Headers["X-RestLi-Method"] != "PARTIAL_UPDATE" || set is null || commentary is null || set.Count != 1)
        {
            await WriteAsync(context, 400, """{"status":400,"message":"Only PARTIAL_UPDATE of /commentary is supported"}""");
            return;
        }

        var urn = (string)context.Request.RouteValues["urn"]!;
        lock (_gate)
        {
            var index = _posts.FindIndex(p => p.Urn == urn && !p.Deleted);
            if (index < 0)
            {
                context.Response.StatusCode = 404;
                return;
            }

            if (!MayActAs(member, _posts[index].Author))
            {
                context.Response.StatusCode = 403;
                return;
            }

            var rendering = RenderLittleText(commentary);
            var old = _posts[index];
            _posts[index] = old with { Commentary = commentary, RenderedText = rendering.Text, Hashtags = rendering.Hashtags, Truncated = rendering.Truncated };
        }

        context.Response.StatusCode = 204;
    }

    private async Task InitializeUploadAsync(HttpContext context)
    {
        if (context.Request.Query["action"] != "initializeUpload")
        {
            await WriteAsync(context, 400, """{"status":400,"message":"Unknown action"}""");
            return;
        }

        if (RejectApiCall(context, out var member) is { } refused)
        {
            await WriteAsync(context, refused.Status, refused.Body);
            return;
        }

        var json = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        if (!MayActAs(member, json?["initializeUploadRequest"]?["owner"]?.GetValue<string>()))
        {
            await WriteAsync(context, 403, FakeLinkedInBodies.AccessDenied);
            return;
        }

        string id;
        lock (_gate)
        {
            id = "D4E10AQ" + (++_nextId);
            _images["urn:li:image:" + id] = null;
            _imageOwners["urn:li:image:" + id] = "urn:li:person:" + member.Sub;
        }

        var body = new JsonObject
        {
            ["value"] = new JsonObject
            {
                ["uploadUrlExpiresAt"] = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeMilliseconds(),
                ["uploadUrl"] = $"{BaseUrl}/upload/{id}",
                ["image"] = "urn:li:image:" + id,
            },
        };
        await WriteAsync(context, 200, body.ToJsonString());
    }

    private async Task UploadAsync(HttpContext context)
    {
        if (Authenticate(context, out _) is { } failure)
        {
            await WriteAsync(context, 401, failure);
            return;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (UploadLatency > TimeSpan.Zero)
        {
            await Task.Delay(UploadLatency, context.RequestAborted);
        }

        var urn = "urn:li:image:" + (string)context.Request.RouteValues["id"]!;
        lock (_gate)
        {
            if (!_images.ContainsKey(urn))
            {
                context.Response.StatusCode = 404;
                return;
            }

            _images[urn] = buffer.ToArray();
        }

        context.Response.StatusCode = 201;
    }

    /// <summary>Checks what every versioned /rest call needs; null when the call may proceed.</summary>
    private (int Status, string Body)? RejectApiCall(HttpContext context, out FakeToken member)
    {
        if (Authenticate(context, out member) is { } failure)
        {
            return (401, failure);
        }

        var version = context.Request.Headers["LinkedIn-Version"].ToString();
        if (version.Length == 0)
        {
            return (400, FakeLinkedInBodies.VersionMissing);
        }

        lock (_gate)
        {
            if (_retiredVersions.Contains(version.Split('.')[0]))
            {
                return (426, FakeLinkedInBodies.Retired(version));
            }
        }

        if (context.Request.Headers["X-Restli-Protocol-Version"] != "2.0.0")
        {
            return (400, """{"status":400,"message":"X-Restli-Protocol-Version 2.0.0 is required"}""");
        }

        return null;
    }

    /// <summary>The 401 body for a missing, unknown, revoked or expired Bearer token; null when valid.</summary>
    private string? Authenticate(HttpContext context, out FakeToken member)
    {
        member = default!;
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return FakeLinkedInBodies.InvalidToken;
        }

        var token = header["Bearer ".Length..];
        lock (_gate)
        {
            if (!_tokens.TryGetValue(token, out var known))
            {
                return FakeLinkedInBodies.InvalidToken;
            }

            if (_revokedTokens.ContainsKey(token))
            {
                return FakeLinkedInBodies.RevokedToken;
            }

            if (known.ExpiresAt <= DateTimeOffset.UtcNow)
            {
                return FakeLinkedInBodies.ExpiredToken;
            }

            member = known;
            return null;
        }
    }

    private string IssueToken(string sub, string? name, string scope)
    {
        // Real tokens are ~500 characters; long ones catch storage columns that are too short.
        var token = "AQV" + RandomNumberGenerator.GetHexString(500, lowercase: false);
        _tokens[token] = new FakeToken(sub, name, scope, DateTimeOffset.UtcNow.AddSeconds(TokenExpiresInSeconds));
        return token;
    }

    private static Task WriteAsync(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        if (body.Length == 0)
        {
            return Task.CompletedTask;
        }

        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body, context.RequestAborted);
    }

    private sealed record FakeCode(string Sub, string? Name, string RedirectUri, string Scope, bool Used);

    private sealed record FakeToken(string Sub, string? Name, string Scope, DateTimeOffset ExpiresAt);
}
