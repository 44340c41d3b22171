using LinkedInBot.Telegram;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace LinkedInBot.Tests.Telegram;

public sealed class TelegramBackoffTests
{
    private readonly TelegramOptions options = new()
    {
        PollErrorBackoff = TimeSpan.FromSeconds(1),
        MaxPollErrorBackoff = TimeSpan.FromSeconds(5),
    };

    [Fact]
    public void After_RepeatedFailures_DoublesUpToTheMaximum()
    {
        var backoff = new TelegramBackoff(options);
        var failure = new HttpRequestException("down");

        var waits = Enumerable.Range(0, 5).Select(_ => backoff.After(failure).TotalSeconds).ToList();

        Assert.Equal([1, 2, 4, 5, 5], waits);
    }

    [Fact]
    public void After_A429_WaitsTelegramsRetryAfter_AndTheBackoffStillGrows()
    {
        var backoff = new TelegramBackoff(options);
        var throttled = new ApiRequestException("Too Many Requests: retry after 7", 429, new ResponseParameters { RetryAfter = 7 });

        Assert.Equal(TimeSpan.FromSeconds(7), backoff.After(throttled));
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.After(new HttpRequestException("down")));
    }

    [Fact]
    public void Reset_AfterASuccess_StartsFromTheShortestWaitAgain()
    {
        var backoff = new TelegramBackoff(options);
        backoff.After(new HttpRequestException("down"));
        backoff.After(new HttpRequestException("down"));

        backoff.Reset();

        Assert.Equal(TimeSpan.FromSeconds(1), backoff.After(new HttpRequestException("down")));
    }
}
