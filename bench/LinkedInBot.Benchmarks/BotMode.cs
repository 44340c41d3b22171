using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Benchmarks;

/// <summary>
/// <c>--bot</c>: the real bot as Program.cs runs it (BotApp: Telegram adapter, job runtime, posting core, storage,
/// LinkedIn client), configured by environment variables like any deployment. Prints <see cref="ChildProcess.Ready"/>
/// and its address once the host has started (migrations done, adapters and job runner running), then links every
/// member through the bot's own store and prints <see cref="ChildProcess.Linked"/>. Runs until standard input
/// closes, then stops as the host would.
/// </summary>
internal static class BotMode
{
    public static async Task<int> RunAsync()
    {
        var members = BenchmarkWorld.ReadMembers(Environment.GetEnvironmentVariable("BENCH_MEMBERS_FILE")!);
        var app = BotApp.Build([]);
        app.ValidateConfiguration();
        await app.StartAsync();
        Console.WriteLine($"{ChildProcess.Ready} {app.Urls.First()}");

        var links = app.Services.GetRequiredService<IAccountLinkStore>();
        var now = DateTimeOffset.UtcNow;
        foreach (var member in members)
        {
            var id = member.UserId.ToString(CultureInfo.InvariantCulture);
            await links.SaveAsync(
                new AccountLink(new ChatAddress("telegram", id, id), member.AuthorUrn, member.Name, member.AccessToken, now.AddDays(60), ["openid", "profile", "w_member_social"], now, now),
                CancellationToken.None);
        }

        Console.WriteLine(ChildProcess.Linked);
        await Console.In.ReadToEndAsync();

        await app.StopAsync();
        await app.DisposeAsync();
        return 0;
    }
}
