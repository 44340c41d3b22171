using LinkedInBot.Tests.Support;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LinkedInBot.Tests.LinkedIn;

public sealed class LinkedInVersionAgeTests
{
    [Theory]
    [InlineData("202610", "2026-10-31", 0)]
    [InlineData("202610", "2027-07-31", 9)]
    [InlineData("202610", "2027-08-01", 10)]
    [InlineData("202610.01", "2027-10-15", 12)]
    [InlineData("202610", "2026-09-30", -1)]
    public void MonthsOld_CountsCalendarMonthsInUtc(string version, string today, int expected)
    {
        Assert.True(LinkedInVersionAge.TryParse(version, out var released));
        Assert.Equal(expected, LinkedInVersionAge.MonthsOld(released, DateTimeOffset.Parse(today + "T12:00:00Z")));
    }

    [Theory]
    [InlineData("2026-10")]
    [InlineData("202613")]
    [InlineData("latest")]
    public void TryParse_RefusesWhatIsNotYyyymm(string version) => Assert.False(LinkedInVersionAge.TryParse(version, out _));

    [Fact]
    public async Task StartUp_WithATenMonthOldVersion_WarnsNamingTheSetting()
    {
        var logs = await StartCheckAsync("202610", new DateTimeOffset(2027, 8, 2, 0, 0, 0, TimeSpan.Zero));

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("LinkedIn:ApiVersion 202610 is 10 months old", warning.Text, StringComparison.Ordinal);
        Assert.Contains("LinkedIn__ApiVersion", warning.Text, StringComparison.Ordinal);
        Assert.Contains("2027-10-15", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartUp_WithARecentVersion_StaysQuiet()
    {
        var logs = await StartCheckAsync("202610", new DateTimeOffset(2027, 7, 31, 23, 0, 0, TimeSpan.Zero));

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task StartUp_WithAFutureVersion_Warns()
    {
        var logs = await StartCheckAsync("202612", new DateTimeOffset(2026, 11, 30, 0, 0, 0, TimeSpan.Zero));

        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("future", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartUp_InSandboxMode_StaysQuiet()
    {
        var logs = await StartCheckAsync("202001", DateTimeOffset.UtcNow, clientId: string.Empty);

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    /// <summary>Runs the hosted service as AddLinkedInClient registers it.</summary>
    private static async Task<CapturedLogs> StartCheckAsync(string version, DateTimeOffset now, string clientId = "app")
    {
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddSingleton<Microsoft.Extensions.Configuration.IConfiguration>(
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        services.AddLogging(l => l.AddProvider(logs));
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(now));
        services.Configure<LinkedInOptions>(o =>
        {
            o.ApiVersion = version;
            o.ClientId = clientId;
        });
        services.Configure<BotOptions>(_ => { });
        services.AddLinkedInClient();
        await using var provider = services.BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return logs;
    }
}
