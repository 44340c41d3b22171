using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// What any bot must do per post and nothing more: one create at LinkedIn, one sendMessage to Telegram, over one
/// plain HttpClient, every chat at once. The adapter's figures are read against this.
/// </summary>
internal sealed class BaselineRun(BenchmarkWorld world) : IDisposable
{
    private readonly HttpClient _http = new();

    public async Task<TimeSpan> PostAsync(IReadOnlyList<BenchmarkMember> members, string round)
    {
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(members.Select(m => PostOneAsync(m, round)));
        return clock.Elapsed;
    }

    public void Dispose() => _http.Dispose();

    private async Task PostOneAsync(BenchmarkMember member, string round)
    {
        var urn = await PublishAsync(_http, world.LinkedIn.BaseUrl, member, $"Baseline {round} from {member.Sub} #benchmark", CancellationToken.None);
        using var reply = await _http.PostAsJsonAsync(
            new Uri(world.Telegram.BaseUrl, $"/bot{world.Telegram.Token}/sendMessage"),
            new JsonObject
            {
                ["chat_id"] = member.UserId,
                ["text"] = $"Published on LinkedIn: https://www.linkedin.com/feed/update/{urn}/",
            });
        reply.EnsureSuccessStatusCode();
    }

    /// <summary>One POST /rest/posts as LinkedIn wants it; returns the new post's URN.</summary>
    public static async Task<string> PublishAsync(HttpClient http, string linkedInBaseUrl, BenchmarkMember member, string text, CancellationToken cancellationToken)
    {
        using var create = new HttpRequestMessage(HttpMethod.Post, linkedInBaseUrl + "/rest/posts")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["author"] = member.AuthorUrn,
                ["commentary"] = text,
                ["visibility"] = "PUBLIC",
                ["distribution"] = new JsonObject
                {
                    ["feedDistribution"] = "MAIN_FEED",
                    ["targetEntities"] = new JsonArray(),
                    ["thirdPartyDistributionChannels"] = new JsonArray(),
                },
                ["lifecycleState"] = "PUBLISHED",
                ["isReshareDisabledByAuthor"] = false,
            }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", member.AccessToken);
        create.Headers.Add("LinkedIn-Version", "202610");
        create.Headers.Add("X-Restli-Protocol-Version", "2.0.0");
        using var created = await http.SendAsync(create, cancellationToken);
        created.EnsureSuccessStatusCode();
        return created.Headers.GetValues("x-restli-id").First();
    }
}
