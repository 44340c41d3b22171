using System.Text.Json;
using LinkedInBot.Discord;
using LinkedInBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LinkedInBot.Tests.Discord;

public sealed class DiscordCommandRegistrationTests
{
    private const string BotToken = "MTAwMDAwMDAwMDAwMDAwMDAwMQ.test.bot-token";

    [Fact]
    public async Task Startup_WithBotToken_OverwritesGlobalCommandsWithBotAuthAndDiscordUserAgent()
    {
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:BotToken"] = BotToken);

        var put = await host.Discord.WaitForAsync(r => r.IsCommandRegistration);

        Assert.Equal($"/api/v10/applications/{DiscordPayloads.ApplicationId}/commands", put.Path);
        Assert.Equal($"Bot {BotToken}", put.Header("Authorization"));
        Assert.Matches(@"^DiscordBot \(https://[^,]+, [0-9.]+\)$", put.Header("User-Agent"));
        Assert.StartsWith("application/json", put.Header("Content-Type"), StringComparison.Ordinal);

        var commands = put.Json.EnumerateArray().ToList();
        Assert.Equal(2, commands.Count);
        var slash = commands.Single(c => c.GetProperty("type").GetInt32() == 1);
        Assert.Equal("linkedin", slash.GetProperty("name").GetString());
        Assert.Equal([0, 1], slash.GetProperty("integration_types").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0, 1, 2], slash.GetProperty("contexts").EnumerateArray().Select(e => e.GetInt32()));
        var subcommands = slash.GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(["link", "post", "draft", "schedule", "posts", "queue", "cancel", "delete", "edit", "timezone", "settings", "pages", "as", "approval", "unlink", "status", "forget"], subcommands.Keys);
        var page = Assert.Single(subcommands["as"].GetProperty("options").EnumerateArray());
        Assert.Equal(("page", 3, true), Option(page));
        Assert.True(page.GetProperty("autocomplete").GetBoolean());
        Assert.Equal(("when", 3, true), Option(subcommands["schedule"].GetProperty("options")[0]));
        Assert.All(subcommands.Values, o => Assert.Equal(1, o.GetProperty("type").GetInt32()));
        var postOptions = subcommands["post"].GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(("text", 3, false), Option(postOptions[0]));
        Assert.Equal(("image", 11, false), Option(postOptions[1]));
        var confirm = Assert.Single(subcommands["forget"].GetProperty("options").EnumerateArray());
        Assert.Equal(("confirm", 3, false), Option(confirm));
        Assert.Equal("yes", Assert.Single(confirm.GetProperty("choices").EnumerateArray()).GetProperty("value").GetString());

        var share = commands.Single(c => c.GetProperty("type").GetInt32() == 3);
        Assert.Equal("Share to LinkedIn", share.GetProperty("name").GetString());
        Assert.False(share.TryGetProperty("description", out _));
        Assert.Equal([0, 1, 2], share.GetProperty("contexts").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Startup_WithGuildId_RegistersToThatGuildOnly()
    {
        await using var host = await DiscordTestHost.StartAsync(settings =>
        {
            settings["Discord:BotToken"] = BotToken;
            settings["Discord:GuildId"] = DiscordPayloads.GuildId;
        });

        var put = await host.Discord.WaitForAsync(r => r.IsCommandRegistration);

        Assert.Equal($"/api/v10/applications/{DiscordPayloads.ApplicationId}/guilds/{DiscordPayloads.GuildId}/commands", put.Path);
    }

    [Fact]
    public async Task Startup_WhenRateLimited_RetriesAfterRetryAfter()
    {
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:BotToken"] = BotToken, configureDiscord: discord =>
            discord.Script("PUT", FakeDiscordResponse.RateLimited(0.2)));

        var second = await host.Discord.WaitForAsync(r => r.IsCommandRegistration, count: 2);

        Assert.Equal($"Bot {BotToken}", second.Header("Authorization"));
        await host.WaitForLogAsync(line => line.Contains("Registered 2 Discord commands globally", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_WhenRegistrationFails_LogsAndKeepsServingInteractions()
    {
        await using var host = await DiscordTestHost.StartAsync(settings => settings["Discord:BotToken"] = BotToken, configureDiscord: discord =>
            discord.Script("PUT", new FakeDiscordResponse(400, """{"message":"Invalid Form Body","code":50035}""")));

        await host.Discord.WaitForAsync(r => r.IsCommandRegistration);
        var pong = await host.InteractAsync(DiscordPayloads.Ping());

        Assert.Equal("""{"type":1}""", pong.ToJsonString());
        await host.WaitForLogAsync(line => line.Contains("Registering the Discord commands globally failed", StringComparison.Ordinal) && line.Contains("50035", StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, line => line.Contains(BotToken, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_WithoutBotToken_RegistersNothing()
    {
        await using var host = await DiscordTestHost.StartAsync();

        await host.InteractAsync(DiscordPayloads.Ping());
        await host.App.Services.GetServices<IHostedService>().OfType<DiscordCommandRegistration>().Single().ExecuteTask!;

        Assert.DoesNotContain(host.Discord.Requests, r => r.IsCommandRegistration);
    }

    private static (string, int, bool) Option(JsonElement option) =>
        (option.GetProperty("name").GetString()!, option.GetProperty("type").GetInt32(), option.GetProperty("required").GetBoolean());
}
