using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Tests.Fakes;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInPostTests
{
    [Fact]
    public async Task Post_WithEveryReservedCharacter_IsDisplayedExactlyAsTyped_AndHashtagsStayLive()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        const string text = "Ship it #dotnet and #CSharp13! C# is (great) [1] a|b {x} @me <b> *bold* _it_ ~s~ \\path\\ #2024 # #_x \\#not\n#newline";

        var outcome = await host.Client.CreatePostAsync(token, author, text, null, CancellationToken.None);

        var published = Assert.IsType<PublishOutcome.Published>(outcome);
        var post = Assert.Single(host.Fake.Posts);
        Assert.Equal(published.Urn, post.Urn);
        Assert.False(post.Truncated);
        Assert.Equal(text, post.RenderedText);
        Assert.Equal(["dotnet", "CSharp13", "newline"], post.Hashtags);
        Assert.Equal(new Uri($"https://www.linkedin.com/feed/update/{post.Urn}/"), published.Url);
    }

    [Fact]
    public async Task Post_SendsVersionProtocolAndBearerHeaders_AndTheDocumentedBody()
    {
        await using var host = await LinkedInTestHost.StartAsync(s => s["LinkedIn:ApiVersion"] = "202609");
        var (token, author) = host.Member();

        await host.Client.CreatePostAsync(token, author, "hello", null, CancellationToken.None);

        var request = Assert.Single(host.Fake.Requests, r => r.Path == "/rest/posts");
        Assert.Equal("202609", request.Header("LinkedIn-Version"));
        Assert.Equal("2.0.0", request.Header("X-Restli-Protocol-Version"));
        Assert.Equal("Bearer " + token, request.Header("Authorization"));
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        Assert.Equal(
            $$"""{"author":"{{author}}","commentary":"hello","visibility":"PUBLIC","distribution":{"feedDistribution":"MAIN_FEED","targetEntities":[],"thirdPartyDistributionChannels":[]},"lifecycleState":"PUBLISHED","isReshareDisabledByAuthor":false}""",
            request.Body);
    }

    [Fact]
    public async Task Post_ForTwoMembersConcurrently_SendsEachMembersOwnToken()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var ada = host.Member("ada", "Ada");
        var alan = host.Member("alan", "Alan");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
        {
            var (token, author) = i % 2 == 0 ? ada : alan;
            return host.Client.CreatePostAsync(token, author, $"post {i}", null, CancellationToken.None);
        }));

        Assert.All(outcomes, o => Assert.IsType<PublishOutcome.Published>(o));
        Assert.Equal(40, host.Fake.Posts.Count);
        foreach (var request in host.Fake.Requests.Where(r => r.Path == "/rest/posts"))
        {
            var expected = request.Body.Contains("urn:li:person:ada", StringComparison.Ordinal) ? ada.Token : alan.Token;
            Assert.Equal("Bearer " + expected, request.Header("Authorization"));
        }
    }

    [Fact]
    public async Task Post_WithSlowLinkedIn_RunsConcurrently()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.CreateLatency = TimeSpan.FromMilliseconds(500);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            host.Client.CreatePostAsync(token, author, $"slow {i}", null, CancellationToken.None)));

        Assert.All(outcomes, o => Assert.IsType<PublishOutcome.Published>(o));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"20 posts of 500 ms took {clock.Elapsed}");
    }

    [Fact]
    public async Task Post_When429ThenSuccess_PublishesOnce()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.EnqueueCreateAnswer(429, FakeLinkedInBodies.Throttled);

        var outcome = await host.Client.CreatePostAsync(token, author, "after a throttle", null, CancellationToken.None);

        Assert.IsType<PublishOutcome.Published>(outcome);
        Assert.Single(host.Fake.Posts);
        Assert.Equal(2, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_WhenThrottledOnEveryAttempt_IsRateLimited()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        for (var i = 0; i < 4; i++)
        {
            host.Fake.EnqueueCreateAnswer(429, FakeLinkedInBodies.Throttled);
        }

        var outcome = await host.Client.CreatePostAsync(token, author, "throttled", null, CancellationToken.None);

        Assert.IsType<PublishOutcome.RateLimited>(outcome);
        Assert.Empty(host.Fake.Posts);
    }

    [Fact]
    public async Task Post_WhenLinkedInCreatesThenAnswers500_IsNotRepeated_AndSendingItAgainAnswersWithThatPost()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.EnqueueCreateExecutedThenFailed(500);

        // LinkedIn has no idempotency key: a create that may have run is not sent again by the client.
        var first = await host.Client.CreatePostAsync(token, author, "ambiguous #failure", null, CancellationToken.None);
        Assert.IsType<PublishOutcome.Unconfirmed>(first);
        Assert.Equal(1, host.Fake.CreateAttempts);

        // The publisher sends it again: LinkedIn's duplicate check names the post it made.
        var again = await host.Client.CreatePostAsync(token, author, "ambiguous #failure", null, CancellationToken.None);

        var post = Assert.Single(host.Fake.Posts);
        Assert.Equal(post.Urn, Assert.IsType<PublishOutcome.Published>(again).Urn);
    }

    [Fact]
    public async Task Post_SameTextTwice_AnswersWithTheFirstPost()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();

        var first = await host.Client.CreatePostAsync(token, author, "twice", null, CancellationToken.None);
        var second = await host.Client.CreatePostAsync(token, author, "twice", null, CancellationToken.None);

        Assert.Equal(Assert.IsType<PublishOutcome.Published>(first).Urn, Assert.IsType<PublishOutcome.Published>(second).Urn);
        Assert.Single(host.Fake.Posts);
    }

    [Fact]
    public async Task Post_WhenTokenExpired_IsLinkExpired()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.ExpireToken(token);

        var outcome = await host.Client.CreatePostAsync(token, author, "too late", null, CancellationToken.None);

        Assert.IsType<PublishOutcome.LinkExpired>(outcome);
        Assert.Equal(1, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_When403_IsMissingPermissionWithLinkedInsMessage()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.EnqueueCreateAnswer(403, FakeLinkedInBodies.AccessDenied);

        var outcome = await host.Client.CreatePostAsync(token, author, "no scope", null, CancellationToken.None);

        var denied = Assert.IsType<PublishOutcome.MissingPermission>(outcome);
        Assert.Contains("Not enough permissions", denied.Detail, StringComparison.Ordinal);
        Assert.Equal(1, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_WhenVersionIsRetired_IsVersionRetired_AndLogsTheSettingForOperators()
    {
        await using var host = await LinkedInTestHost.StartAsync(s => s["LinkedIn:ApiVersion"] = "202401");
        var (token, author) = host.Member();

        var outcome = await host.Client.CreatePostAsync(token, author, "old version", null, CancellationToken.None);

        Assert.Equal(new PublishOutcome.VersionRetired("202401"), outcome);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("LinkedIn:ApiVersion", StringComparison.Ordinal)
            && e.Text.Contains("202401", StringComparison.Ordinal));
        host.Logs.AssertNoneContain(token, host.Fake.ClientSecret);
    }

    [Fact]
    public async Task Post_WithOtherClientError_IsRejectedWithLinkedInsMessage()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        host.Fake.EnqueueCreateAnswer(400, """{"status":400,"message":"Invalid commentary"}""");

        var outcome = await host.Client.CreatePostAsync(token, author, "bad", null, CancellationToken.None);

        Assert.Equal(new PublishOutcome.Rejected("Invalid commentary"), outcome);
    }

    [Fact]
    public async Task Post_WhenLinkedInAnswers503_IsUnconfirmedWithoutRepeatingTheCreate()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        for (var i = 0; i < 10; i++)
        {
            host.Fake.EnqueueCreateAnswer(503, FakeLinkedInBodies.ServerError);
        }

        var outcome = await host.Client.CreatePostAsync(token, author, "down", null, CancellationToken.None);

        // A 5xx may come after the post was made: only the publisher, later, sends it again.
        Assert.IsType<PublishOutcome.Unconfirmed>(outcome);
        Assert.Equal(1, host.Fake.CreateAttempts);
        Assert.Empty(host.Fake.Posts);
    }

    [Fact]
    public async Task Calls_ThatCanRunTwice_AreRetriedOnServerErrors()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, _) = host.Member();
        host.Fake.FailNextRequestTo("/v2/userinfo", 503);
        host.Fake.FailNextRequestTo("/v2/userinfo", 502);

        var member = await host.Client.GetMemberAsync(token, CancellationToken.None);

        Assert.True(member.Succeeded);
        Assert.Equal(3, host.Fake.Requests.Count(r => r.Path == "/v2/userinfo"));
    }

    [Fact]
    public async Task Post_WhenAttemptsTimeOut_IsUnconfirmed()
    {
        await using var host = await LinkedInTestHost.StartAsync(s =>
        {
            // Long enough that the request surely reaches the fake on a loaded machine before the attempt times out.
            s["LinkedIn:Resilience:AttemptTimeout"] = "00:00:00.750";
            s["LinkedIn:Resilience:MaxRetryAttempts"] = "1";
        });
        var (token, author) = host.Member();
        host.Fake.CreateLatency = TimeSpan.FromSeconds(3);

        var outcome = await host.Client.CreatePostAsync(token, author, "slow", null, CancellationToken.None);

        // The timed-out attempt may still be creating the post at LinkedIn: it is not sent again.
        Assert.IsType<PublishOutcome.Unconfirmed>(outcome);
        Assert.Equal(1, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_WhenLinkedInIsUnreachable_IsUnavailable()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        await host.Fake.DisposeAsync();

        var outcome = await host.Client.CreatePostAsync(token, author, "nobody home", null, CancellationToken.None);

        Assert.IsType<PublishOutcome.Unavailable>(outcome);
    }

    [Fact]
    public async Task Post_AfterRepeatedServerErrors_OpensTheCircuitAndFailsFastWithoutCallingLinkedIn()
    {
        await using var host = await LinkedInTestHost.StartAsync(s =>
        {
            s["LinkedIn:Resilience:MaxRetryAttempts"] = "1";
            s["LinkedIn:Resilience:CircuitBreakerMinimumThroughput"] = "2";
        });
        var (token, author) = host.Member();
        for (var i = 0; i < 10; i++)
        {
            host.Fake.EnqueueCreateAnswer(500, FakeLinkedInBodies.ServerError);
        }

        await host.Client.CreatePostAsync(token, author, "one", null, CancellationToken.None);
        await host.Client.CreatePostAsync(token, author, "two", null, CancellationToken.None);
        var attemptsWhenOpen = host.Fake.CreateAttempts;
        var outcome = await host.Client.CreatePostAsync(token, author, "three", null, CancellationToken.None);

        Assert.Equal(2, attemptsWhenOpen);
        Assert.IsType<PublishOutcome.Unavailable>(outcome);
        Assert.Equal(attemptsWhenOpen, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_LongerThanLinkedInTakes_IsRejectedBeforeAnyCall()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();

        var tooLong = await host.Client.CreatePostAsync(token, author, new string('a', LittleText.MaxPostLength + 1), null, CancellationToken.None);
        var longest = await host.Client.CreatePostAsync(token, author, new string('a', LittleText.MaxPostLength), null, CancellationToken.None);

        Assert.Contains("3001", Assert.IsType<PublishOutcome.Rejected>(tooLong).Reason, StringComparison.Ordinal);
        Assert.IsType<PublishOutcome.Published>(longest);
        Assert.Equal(1, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Post_ThatFitsButGrowsTooLongWhenEscaped_IsRejectedWithAnExplanation()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        var text = new string('(', LittleText.MaxPostLength / 2) + new string('a', LittleText.MaxPostLength / 2);

        var outcome = await host.Client.CreatePostAsync(token, author, text, null, CancellationToken.None);

        Assert.Contains("escaped", Assert.IsType<PublishOutcome.Rejected>(outcome).Reason, StringComparison.Ordinal);
        Assert.Equal(1, host.Fake.CreateAttempts);
    }

    [Fact]
    public async Task Delete_Twice_SucceedsBothTimes_WithEncodedUrn()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        var published = Assert.IsType<PublishOutcome.Published>(
            await host.Client.CreatePostAsync(token, author, "to delete", null, CancellationToken.None));

        var first = await host.Client.DeletePostAsync(token, published.Urn, CancellationToken.None);
        var second = await host.Client.DeletePostAsync(token, published.Urn, CancellationToken.None);

        Assert.True(first.Succeeded);
        Assert.True(second.Succeeded);
        Assert.True(Assert.Single(host.Fake.Posts).Deleted);
        var delete = host.Fake.Requests.First(r => r.Method == "DELETE");
        Assert.Equal("Bearer " + token, delete.Header("Authorization"));
        Assert.Equal("202610", delete.Header("LinkedIn-Version"));
    }

    [Fact]
    public async Task Post_SameTextAfterTheFirstWasDeleted_IsANewPost()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, author) = host.Member();
        var first = Assert.IsType<PublishOutcome.Published>(
            await host.Client.CreatePostAsync(token, author, "again", null, CancellationToken.None));
        Assert.True((await host.Client.DeletePostAsync(token, first.Urn, CancellationToken.None)).Succeeded);

        var second = Assert.IsType<PublishOutcome.Published>(
            await host.Client.CreatePostAsync(token, author, "again", null, CancellationToken.None));

        Assert.NotEqual(first.Urn, second.Urn);
        Assert.Equal(2, host.Fake.Posts.Count);
    }

    [Fact]
    public async Task Delete_WithExpiredToken_IsLinkExpired()
    {
        await using var host = await LinkedInTestHost.StartAsync();
        var (token, _) = host.Member();
        host.Fake.ExpireToken(token);

        var result = await host.Client.DeletePostAsync(token, "urn:li:share:1", CancellationToken.None);

        Assert.IsType<PublishOutcome.LinkExpired>(result.Failure);
    }
}
