using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--bot</c>: the real bot as Program.cs runs it (BotApp: Telegram adapter in polling mode, posting core, SQLite,
/// LinkedIn client), configured by environment variables like any deployment, with every member linked. Runs until
/// standard input closes, then reports its peak RSS.
/// </summary>
internal static class BotMode
{
    public const string Ready = "READY";
    public const string PeakRssPrefix = "PEAK_RSS ";

    public static async Task<int> RunAsync()
    {
        var members = BenchmarkWorld.ReadMembers(Environment.GetEnvironmentVariable("BENCH_MEMBERS_FILE")!);
        using var stub = Environment.GetEnvironmentVariable("BENCH_STUB_CORE") is null
            ? null
            : new StubChatBot(Environment.GetEnvironmentVariable("LinkedIn__ApiBaseUrl")!, members);
        var app = BotApp.Build([], builder =>
        {
            if (stub is not null)
            {
                builder.Services.AddSingleton<IChatBot>(stub);
            }
        });
        app.ValidateConfiguration();
        await app.StartAsync();

        var links = app.Services.GetRequiredService<IAccountLinkStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var member in members)
        {
            var address = new ChatAddress("telegram", member.UserId.ToString(CultureInfo.InvariantCulture), member.UserId.ToString(CultureInfo.InvariantCulture));
            await links.SaveAsync(
                new AccountLink(address, member.AuthorUrn, member.Name, member.AccessToken, now.AddDays(60), ["openid", "profile", "w_member_social"], now, now),
                CancellationToken.None);
        }

        Console.WriteLine(Ready);
        await Console.In.ReadToEndAsync();

        await app.StopAsync();
        OwnProcess.ReportPeakRss();
        await app.DisposeAsync();
        return 0;
    }
}
