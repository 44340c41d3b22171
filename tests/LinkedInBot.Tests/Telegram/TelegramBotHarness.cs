using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Telegram;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Tests.Telegram;

/// <summary>
/// The whole host (BotApp) with the Telegram adapter pointed at a <see cref="FakeTelegramServer"/> and the core
/// replaced by a <see cref="ScriptedChatBot"/>: tests read as conversations through the real Telegram.Bot client.
/// </summary>
internal sealed class TelegramBotHarness : IAsyncDisposable
{
    public static readonly FakeTelegramUser Ada = new(1001, "Ada", "ada", "Lovelace");
    public static readonly FakeTelegramUser Grace = new(1002, "Grace", "grace");

    private readonly TempDirectory _storage;

    private TelegramBotHarness(FakeTelegramServer server, WebApplication app, ScriptedChatBot core, CapturedLogs logs, TempDirectory storage)
    {
        _storage = storage;
        Server = server;
        App = app;
        Core = core;
        Logs = logs;
    }

    public FakeTelegramServer Server { get; }

    public WebApplication App { get; }

    public ScriptedChatBot Core { get; }

    public CapturedLogs Logs { get; }

    public Uri AppUrl => new(App.Urls.First());

    /// <summary>Runs after the host is gone (a test's PostgreSQL schema is dropped here).</summary>
    public Func<Task>? AfterDispose { get; set; }

    public static FakeTelegramChat AdaPrivate => FakeTelegramChat.Private(Ada);

    public static FakeTelegramChat Team => FakeTelegramChat.Supergroup(-1001234567890);

    public static async Task<TelegramBotHarness> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<TelegramOptions>? tune = null,
        FakeTelegramServer? server = null,
        Action<IServiceCollection>? services = null)
    {
        server ??= await FakeTelegramServer.StartAsync();
        var storage = new TempDirectory();
        var app = Build(server, storage, settings, tune, out var core, out var logs, services: services);
        await app.StartAsync();
        return new TelegramBotHarness(server, app, core, logs, storage);
    }

    /// <summary>Builds (without starting) the host against <paramref name="server"/>.</summary>
    public static WebApplication Build(
        FakeTelegramServer server,
        TempDirectory storage,
        IDictionary<string, string?>? settings,
        Action<TelegramOptions>? tune,
        out ScriptedChatBot core,
        out CapturedLogs logs,
        FakeLinkedInServer? linkedIn = null,
        Action<IServiceCollection>? services = null)
    {
        var config = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = server.Token,
            ["Telegram:ApiBaseUrl"] = server.BaseUrl.ToString(),
            ["Storage:ConnectionString"] = $"Data Source={storage.DatabaseFile}",
            ["Storage:KeysDirectory"] = storage.KeysDirectory,
            ["Bot:ShutdownGracePeriod"] = "00:00:05",
        };
        if (linkedIn is not null)
        {
            // The real core against the fake LinkedIn, instead of the scripted one.
            config["LinkedIn:ClientId"] = linkedIn.ClientId;
            config["LinkedIn:ClientSecret"] = linkedIn.ClientSecret;
            config["LinkedIn:AuthBaseUrl"] = linkedIn.AuthBaseUrl;
            config["LinkedIn:ApiBaseUrl"] = linkedIn.BaseUrl;
            config["LinkedIn:Resilience:BaseDelay"] = "00:00:00.010";
            config["LinkedIn:Resilience:TotalTimeout"] = "00:00:10";
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        var chatBot = new ScriptedChatBot();
        var capture = new CapturedLogs();
        var app = BotApp.Build([], b =>
        {
            b.Configuration.AddInMemoryCollection(config);
            b.Logging.ClearProviders();
            b.Logging.AddProvider(capture);
            b.Logging.SetMinimumLevel(LogLevel.Debug);
            if (linkedIn is null)
            {
                b.Services.AddSingleton<IChatBot>(chatBot);
            }

            services?.Invoke(b.Services);
            b.Services.PostConfigure<TelegramOptions>(o =>
            {
                o.PollErrorBackoff = TimeSpan.FromMilliseconds(200);
                o.SendErrorBackoff = TimeSpan.FromMilliseconds(50);
                tune?.Invoke(o);
            });

            // A create LinkedIn left unconfirmed is sent again after the attempt timeout and this margin (5 s in production).
            b.Services.PostConfigure<LinkedInBot.Core.LinkedIn.LinkedInResilienceOptions>(o => o.SettleMargin = TimeSpan.FromMilliseconds(100));

            // The runner's retries and polling, as fast as the tests want them.
            b.Services.PostConfigure<BotOptions>(bot =>
            {
                bot.JobRetryDelay = TimeSpan.FromMilliseconds(100);
                bot.JobPollInterval = TimeSpan.FromMilliseconds(200);
            });
        });
        app.Urls.Add("http://127.0.0.1:0");
        core = chatBot;
        logs = capture;
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Server.DisposeAsync();
        _storage.Dispose();
        if (AfterDispose is not null)
        {
            await AfterDispose();
        }
    }
}
