using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LinkedInBot.Core.Posting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.LinkedIn;

internal sealed partial class LinkedInClient
{
    public Task<PublishOutcome> CreatePostAsync(string accessToken, string authorUrn, string text, string? imageUrn, CancellationToken cancellationToken) =>
        CreatePostAsync(accessToken, authorUrn, text, imageUrn, null, cancellationToken);

    public Task<PublishOutcome> CreatePostAsync(string accessToken, string authorUrn, string text, string? imageUrn, LinkedInArticle? article, CancellationToken cancellationToken) =>
        CreateAsync(
            accessToken,
            authorUrn,
            text,
            article is not null
                ? new PostContent(null, new PostArticle(article.Source, article.Title, article.Description, article.ThumbnailUrn))
                : imageUrn is null ? null : new PostContent(new PostMedia(imageUrn), null),
            cancellationToken);

    public Task<PublishOutcome> CreateMediaPostAsync(string accessToken, string authorUrn, string text, IReadOnlyList<LinkedInMedia> media, CancellationToken cancellationToken) =>
        CreateAsync(
            accessToken,
            authorUrn,
            text,
            media switch
            {
                [] => null,
                [var one] => new PostContent(new PostMedia(one.Id) { Title = one.Title, AltText = one.AltText }, null),
                _ => new PostContent(null, null) { MultiImage = new PostMultiImage(media.Select(m => new PostImage(m.Id, m.AltText)).ToList()) },
            },
            cancellationToken);

    private async Task<PublishOutcome> CreateAsync(string accessToken, string authorUrn, string text, PostContent? content, CancellationToken cancellationToken)
    {
        if (text.Length > LittleText.MaxPostLength)
        {
            return new PublishOutcome.Rejected(
                $"The post is {text.Length} characters long; LinkedIn takes up to {LittleText.MaxPostLength}.");
        }

        if (string.IsNullOrWhiteSpace(text) && content?.Media is null && content?.MultiImage is null)
        {
            return new PublishOutcome.Rejected("There is nothing to post: the text is empty.");
        }

        var body = new PostBody(authorUrn, LittleText.Escape(text), content);

        // LinkedIn has no idempotency key, and an attempt that failed (5xx, a timeout, a reset connection) may have
        // created the post anyway, or may still be creating it when a retry arrives, before LinkedIn's duplicate
        // check could see it: such a create is not repeated here. It ends as Unconfirmed, which PostPublisher settles
        // once that attempt has surely ended: the same create again is answered 422 naming the original if it ran.
        using var request = RestRequest(HttpMethod.Post, "/rest/posts", accessToken);
        request.Options.Set(NotRepeatable, true);
        request.Content = new StringContent(JsonSerializer.Serialize(body, PostJson), Encoding.UTF8, "application/json");
        var answer = await SendAsync(request, "create post", cancellationToken);
        if (answer.TransportFailure is PublishOutcome.Unavailable failure)
        {
            return answer.NeverSent ? failure : new PublishOutcome.Unconfirmed(failure.Detail);
        }

        if (answer.IsSuccess)
        {
            // Logged once, by PostPublisher, with whose post it was.
            if (answer.RestliId is { Length: > 0 } urn)
            {
                return Published(urn);
            }

            logger.LogError("LinkedIn accepted a post (HTTP {Status}) without naming it in x-restli-id.", (int)answer.Status);
            return new PublishOutcome.Unconfirmed("LinkedIn accepted the post but did not say which one it is.");
        }

        if (answer.Status == HttpStatusCode.UnprocessableEntity && LinkedInErrorBody.Parse(answer.Body) is { IsDuplicatePost: true } duplicate)
        {
            if (duplicate.DuplicateOf is { } original)
            {
                logger.LogInformation("LinkedIn reports the post as a duplicate of {PostUrn}; answering with that post.", original);
                return Published(original) with { WasAlreadyPublished = true };
            }

            return new PublishOutcome.Rejected("LinkedIn says this is a duplicate of a post you published a few minutes ago.");
        }

        return Failure(answer, "create post") switch
        {
            // A 5xx may come after the post was made.
            PublishOutcome.Unavailable unavailable => new PublishOutcome.Unconfirmed(unavailable.Detail),
            var other => other,
        };
    }

    public async Task<LinkedInResult<bool>> DeletePostAsync(string accessToken, string postUrn, CancellationToken cancellationToken)
    {
        using var request = RestRequest(HttpMethod.Delete, "/rest/posts/" + Uri.EscapeDataString(postUrn), accessToken);
        var answer = await SendAsync(request, "delete post", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<bool>.Fail(failure);
        }

        // 204 both times; a 404 means the same for the user: the post is gone.
        return answer.IsSuccess || answer.Status == HttpStatusCode.NotFound
            ? LinkedInResult<bool>.Ok(true)
            : LinkedInResult<bool>.Fail(Failure(answer, "delete post"));
    }

    public async Task<LinkedInResult<bool>> UpdatePostTextAsync(string accessToken, string postUrn, string text, CancellationToken cancellationToken)
    {
        if (text.Length > LittleText.MaxPostLength || string.IsNullOrWhiteSpace(text))
        {
            return LinkedInResult<bool>.Fail(new PublishOutcome.Rejected($"The text must have 1 to {LittleText.MaxPostLength} characters."));
        }

        // Posts API: POST /rest/posts/{encoded urn} with X-RestLi-Method PARTIAL_UPDATE; only commentary (and a few
        // fields the bot does not use) may change. Setting the same text again is idempotent, so it may be retried.
        using var request = RestRequest(HttpMethod.Post, "/rest/posts/" + Uri.EscapeDataString(postUrn), accessToken);
        request.Headers.Add("X-RestLi-Method", "PARTIAL_UPDATE");
        var body = new PatchBody(new PatchSet(new CommentarySet(LittleText.Escape(text))));
        request.Content = new StringContent(JsonSerializer.Serialize(body, PostJson), Encoding.UTF8, "application/json");
        var answer = await SendAsync(request, "update post", cancellationToken);
        if (answer.TransportFailure is { } failure)
        {
            return LinkedInResult<bool>.Fail(failure);
        }

        return answer.IsSuccess ? LinkedInResult<bool>.Ok(true) : LinkedInResult<bool>.Fail(Failure(answer, "update post"));
    }

    private sealed record PatchBody([property: JsonPropertyName("patch")] PatchSet Patch);

    private sealed record PatchSet([property: JsonPropertyName("$set")] CommentarySet Set);

    private sealed record CommentarySet([property: JsonPropertyName("commentary")] string Commentary);

    private PublishOutcome.Published Published(string urn) => new(urn, postLinks.For(urn));

    private static readonly JsonSerializerOptions PostJson = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record PostBody(
        [property: JsonPropertyName("author")] string Author,
        [property: JsonPropertyName("commentary")] string Commentary,
        [property: JsonPropertyName("content")] PostContent? Content)
    {
        [JsonPropertyName("visibility")]
        public string Visibility => "PUBLIC";

        [JsonPropertyName("distribution")]
        public PostDistribution Distribution { get; } = new();

        [JsonPropertyName("lifecycleState")]
        public string LifecycleState => "PUBLISHED";

        [JsonPropertyName("isReshareDisabledByAuthor")]
        public bool IsReshareDisabledByAuthor => false;
    }

    private sealed record PostDistribution
    {
        [JsonPropertyName("feedDistribution")]
        public string FeedDistribution => "MAIN_FEED";

        [JsonPropertyName("targetEntities")]
        public string[] TargetEntities => [];

        [JsonPropertyName("thirdPartyDistributionChannels")]
        public string[] ThirdPartyDistributionChannels => [];
    }

    private sealed record PostContent(
        [property: JsonPropertyName("media")] PostMedia? Media,
        [property: JsonPropertyName("article")] PostArticle? Article)
    {
        [JsonPropertyName("multiImage")]
        public PostMultiImage? MultiImage { get; init; }
    }

    private sealed record PostMultiImage([property: JsonPropertyName("images")] IReadOnlyList<PostImage> Images);

    private sealed record PostImage(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("altText")] string? AltText);

    private sealed record PostArticle(
        [property: JsonPropertyName("source")] string Source,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("thumbnail")] string? Thumbnail);

    private sealed record PostMedia([property: JsonPropertyName("id")] string Id)
    {
        [JsonPropertyName("title")]
        public string? Title { get; init; }

        [JsonPropertyName("altText")]
        public string? AltText { get; init; }
    }
}
