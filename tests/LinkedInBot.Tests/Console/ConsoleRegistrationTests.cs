using LinkedInBot.ConsoleChat;
using LinkedInBot.Core.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.ConsoleChat;

public sealed class ConsoleRegistrationTests
{
    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();

    [Theory]
    [InlineData(null, null, null, true)]
    [InlineData(null, "123:telegram-token", null, false)]
    [InlineData(null, null, "1234567890", false)]
    [InlineData("true", "123:telegram-token", "1234567890", true)]
    [InlineData("false", null, null, false)]
    [InlineData("False", null, null, false)]
    public void IsEnabled_OnWhenAskedOrWhenNoOtherChatIsConfigured(string? enabled, string? telegramToken, string? discordApplicationId, bool expected)
    {
        var settings = new List<(string, string)>();
        if (enabled is not null)
        {
            settings.Add(("Console:Enabled", enabled));
        }

        if (telegramToken is not null)
        {
            settings.Add(("Telegram:BotToken", telegramToken));
        }

        if (discordApplicationId is not null)
        {
            settings.Add(("Discord:ApplicationId", discordApplicationId));
        }

        Assert.Equal(expected, ConsoleRegistration.IsEnabled(Configuration([.. settings])));
    }

    [Fact]
    public void IsEnabled_WithAValueThatIsNoBoolean_NamesTheSetting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => ConsoleRegistration.IsEnabled(Configuration(("Console:Enabled", "yes please"))));

        Assert.Contains("Console:Enabled must be true or false", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void AddConsoleAdapter_WhenOn_LogsToTheFileInTheDataFolder_NotToTheTerminal()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Storage:ConnectionString"] = "Data Source=/srv/bot/data/bot.db";
        builder.AddConsoleAdapter();
        using var app = builder.Build();

        var providers = app.Services.GetServices<ILoggerProvider>().ToList();
        Assert.DoesNotContain(providers, p => p is ConsoleLoggerProvider);
        Assert.Equal(Path.GetFullPath("/srv/bot/data/console.log"), Assert.Single(providers.OfType<ConsoleLogFile>()).FilePath);
        Assert.Contains(app.Services.GetServices<IChatNotifier>(), n => n.Platform == "console");
    }

    [Fact]
    public void AddConsoleAdapter_WithLoggingConsoleLogLevelSet_KeepsEveryLogLineOnStandardError()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Logging:Console:LogLevel:Default"] = "Information";
        builder.AddConsoleAdapter();
        using var app = builder.Build();

        Assert.Contains(app.Services.GetServices<ILoggerProvider>(), p => p is ConsoleLoggerProvider);
        Assert.DoesNotContain(app.Services.GetServices<ILoggerProvider>(), p => p is ConsoleLogFile);
        Assert.Equal(LogLevel.Trace, app.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.LogToStandardErrorThreshold);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=data/linkedinbot.db", "data/keys", "data/console.log")]
    [InlineData("PostgreSQL", "Host=db;Username=bot", "state/keys", "state/console.log")]
    [InlineData("Sqlite", "Data Source=:memory:", "data/keys", "data/console.log")]
    [InlineData("Sqlite", "garbage", "data/keys", "data/console.log")]
    public void LogFile_IsInTheFolderOfTheDatabase_OrElseNextToTheKeyRing(string provider, string connectionString, string keys, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = connectionString,
            ["Storage:KeysDirectory"] = keys,
        }).Build();

        Assert.Equal(Path.GetFullPath(expected), ConsoleLogFile.PathFor(configuration));
    }

    [Fact]
    public void AddConsoleAdapter_WhenOff_RegistersNothing()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration["Console:Enabled"] = "false";
        builder.AddConsoleAdapter();
        using var app = builder.Build();

        Assert.DoesNotContain(app.Services.GetServices<IChatNotifier>(), n => n.Platform == "console");
        Assert.Equal(LogLevel.None, app.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.LogToStandardErrorThreshold);
    }
}
