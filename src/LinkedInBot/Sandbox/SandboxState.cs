using System.Security.Cryptography;
using System.Text;
using Dapper;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Sandbox;

/// <summary>
/// The sandbox's tokens and posts in the bot's own database (<c>sandbox_tokens</c>, <c>sandbox_posts</c>, migration
/// 0008), so a restart neither breaks the links made with the sandbox (the bot keeps them, the sandbox used to forget
/// its tokens) nor empties the feed the bot's replies link to. Tokens are kept as SHA-256 only. Portable SQL through
/// <see cref="IStorageDatabase"/>, like the key ring table: the same on SQLite and PostgreSQL. Image bytes stay in memory.
/// A host without the bot's storage (a sandbox alone, in tests) keeps everything in memory.
/// </summary>
internal sealed class SandboxState(IServiceProvider services)
{
    private readonly IStorageDatabase? database = services.GetService<IStorageDatabase>();

    public static string Hash(string accessToken) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessToken)));

    public async Task<(IReadOnlyList<(string Hash, SandboxAccessGrant Grant)> Tokens, IReadOnlyList<SandboxPost> Posts)> LoadAsync(CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return ([], []);
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var tokens = await connection.QueryAsync<TokenRow>(new CommandDefinition(
            $"SELECT token_hash AS Hash, member_sub AS Sub, member_name AS Name, scopes AS Scopes, expires_at AS ExpiresAt, revoked AS Revoked FROM sandbox_tokens ORDER BY expires_at DESC LIMIT {SandboxLinkedIn.MaxTokens}",
            cancellationToken: cancellationToken));
        var posts = await connection.QueryAsync<PostRow>(new CommandDefinition(
            $"SELECT urn AS Urn, author_sub AS Sub, author_name AS Name, commentary AS Commentary, rendered_text AS RenderedText, visibility AS Visibility, image_id AS ImageId, image_alt_text AS ImageAltText, created_at AS CreatedAt, article AS Article, media AS Media FROM sandbox_posts ORDER BY created_at DESC LIMIT {SandboxLinkedIn.MaxPosts}",
            cancellationToken: cancellationToken));
        return (
            tokens.Select(t => (t.Hash, new SandboxAccessGrant(string.Empty, new SandboxMember(t.Sub, t.Name), t.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), StoredTime.FromText(t.ExpiresAt), t.Revoked))).ToList(),
            posts.Reverse().Select(p => new SandboxPost(p.Urn, new SandboxMember(p.Sub, p.Name), p.Commentary, p.RenderedText, p.Visibility, p.ImageId, p.ImageAltText, StoredTime.FromText(p.CreatedAt)) { Article = ReadArticle(p.Article), Media = ReadMedia(p.Media) }).ToList());
    }

    public async Task SaveTokenAsync(SandboxAccessGrant grant, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sandbox_tokens (token_hash, member_sub, member_name, scopes, expires_at, revoked)
            VALUES (@Hash, @Sub, @Name, @Scopes, @ExpiresAt, @Revoked)
            ON CONFLICT (token_hash) DO UPDATE SET revoked = excluded.revoked
            """,
            new
            {
                Hash = Hash(grant.AccessToken),
                grant.Member.Sub,
                grant.Member.Name,
                Scopes = string.Join(' ', grant.Scopes),
                ExpiresAt = StoredTime.ToText(grant.ExpiresAt),
                grant.Revoked,
            },
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM sandbox_tokens WHERE token_hash NOT IN (SELECT token_hash FROM sandbox_tokens ORDER BY expires_at DESC LIMIT {SandboxLinkedIn.MaxTokens})",
            cancellationToken: cancellationToken));
    }

    public async Task RevokeAsync(string accessToken, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sandbox_tokens SET revoked = @Revoked WHERE token_hash = @Hash",
            new { Hash = Hash(accessToken), Revoked = true },
            cancellationToken: cancellationToken));
    }

    public async Task SavePostAsync(SandboxPost post, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO sandbox_posts (urn, author_sub, author_name, commentary, rendered_text, visibility, image_id, image_alt_text, created_at, article, media)
            VALUES (@Urn, @Sub, @Name, @Commentary, @RenderedText, @Visibility, @ImageId, @ImageAltText, @CreatedAt, @Article, @Media)
            ON CONFLICT (urn) DO NOTHING
            """,
            new
            {
                post.Urn,
                post.Author.Sub,
                post.Author.Name,
                post.Commentary,
                post.RenderedText,
                post.Visibility,
                post.ImageId,
                post.ImageAltText,
                CreatedAt = StoredTime.ToText(post.CreatedAt),
                Article = post.Article is null ? null : System.Text.Json.JsonSerializer.Serialize(post.Article),
                Media = post.Media is null ? null : System.Text.Json.JsonSerializer.Serialize(post.Media),
            },
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            $"DELETE FROM sandbox_posts WHERE urn NOT IN (SELECT urn FROM sandbox_posts ORDER BY created_at DESC LIMIT {SandboxLinkedIn.MaxPosts})",
            cancellationToken: cancellationToken));
    }

    /// <summary>An edit (<c>PARTIAL_UPDATE</c>) kept, so the feed shows the new text after a restart too.</summary>
    public async Task UpdatePostAsync(string urn, string commentary, string renderedText, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE sandbox_posts SET commentary = @Commentary, rendered_text = @RenderedText WHERE urn = @Urn",
            new { Urn = urn, Commentary = commentary, RenderedText = renderedText },
            cancellationToken: cancellationToken));
    }

    public async Task DeletePostAsync(string urn, CancellationToken cancellationToken)
    {
        if (database is null)
        {
            return;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM sandbox_posts WHERE urn = @Urn", new { Urn = urn }, cancellationToken: cancellationToken));
    }

    // Classes with setters: Dapper converts SQLite's 0/1 into the flag only for properties.
    private sealed class TokenRow
    {
        public string Hash { get; set; } = string.Empty;

        public string Sub { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Scopes { get; set; } = string.Empty;

        public string ExpiresAt { get; set; } = string.Empty;

        public bool Revoked { get; set; }
    }

    private static SandboxArticle? ReadArticle(string? json)
    {
        try
        {
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<SandboxArticle>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static SandboxMedia? ReadMedia(string? json)
    {
        try
        {
            return json is null ? null : System.Text.Json.JsonSerializer.Deserialize<SandboxMedia>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed class PostRow
    {
        public string? Article { get; set; }

        public string? Media { get; set; }

        public string Urn { get; set; } = string.Empty;

        public string Sub { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Commentary { get; set; } = string.Empty;

        public string RenderedText { get; set; } = string.Empty;

        public string Visibility { get; set; } = string.Empty;

        public string? ImageId { get; set; }

        public string? ImageAltText { get; set; }

        public string CreatedAt { get; set; } = string.Empty;
    }
}

/// <summary>Loads the sandbox's saved tokens and posts at start-up (after the schema migration).</summary>
internal sealed class SandboxStateLoader(SandboxLinkedIn linkedIn, SandboxState state) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var (tokens, posts) = await state.LoadAsync(cancellationToken);
        linkedIn.Restore(tokens, posts);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
