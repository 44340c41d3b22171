using System.Net;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Support;

/// <summary>
/// The whole bot as it runs in production (BotApp.Build, Kestrel on 127.0.0.1, real SQLite or PostgreSQL, real LinkedIn client)
/// against a <see cref="FakeLinkedInServer"/>, with a "test" chat platform whose messages are recorded.
/// </summary>
public sealed class BotUnderTest : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private int _messageId;

    // The PostgreSQL schema of this bot, dropped with it.
    private string? _schema;

    private BotUnderTest(WebApplication app, Uri baseUrl, RecordingNotifier notifier, CapturedLogs logs, TempDirectory? ownedDirectory)
    {
        App = app;
        BaseUrl = baseUrl;
        Notifier = notifier;
        Logs = logs;
        _ownedDirectory = ownedDirectory;
    }

    public WebApplication App { get; }

    public Uri BaseUrl { get; }

    public RecordingNotifier Notifier { get; }

    public CapturedLogs Logs { get; }

    public IChatBot Bot => App.Services.GetRequiredService<IChatBot>();

    /// <summary>Settings every test bot gets: fast retries, storage in the test's folder, the fake as LinkedIn.</summary>
    public static Dictionary<string, string?> Settings(FakeLinkedInServer linkedIn, TempDirectory folder, int port) => new()
    {
        ["Urls"] = $"http://127.0.0.1:{port}",
        ["Bot:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
        ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
        ["Storage:KeysDirectory"] = folder.KeysDirectory,
        ["LinkedIn:ClientId"] = linkedIn.ClientId,
        ["LinkedIn:ClientSecret"] = linkedIn.ClientSecret,
        ["LinkedIn:AuthBaseUrl"] = linkedIn.AuthBaseUrl,
        ["LinkedIn:ApiBaseUrl"] = linkedIn.BaseUrl,
        ["LinkedIn:Resilience:BaseDelay"] = "00:00:00.010",
        ["LinkedIn:Resilience:AttemptTimeout"] = "00:00:05",
        ["LinkedIn:Resilience:TotalTimeout"] = "00:00:10",
        ["Console:Enabled"] = "false",
    };

    /// <param name="directory">Reuse a folder to simulate a restart.</param>
    /// <param name="configure">Change settings before the host is built.</param>
    /// <param name="provider">The database: SQLite in the folder, or a fresh schema of the test PostgreSQL server.</param>
    /// <param name="services">Registrations that win over the bot's own (a test terminal for the console).</param>
    /// <param name="time">A fake clock for the whole bot.</param>
    public static async Task<BotUnderTest> StartAsync(
        FakeLinkedInServer linkedIn, TempDirectory? directory = null, Action<Dictionary<string, string?>>? configure = null, StorageProvider provider = StorageProvider.Sqlite, Action<IServiceCollection>? services = null, TimeProvider? time = null)
    {
        var owned = directory is null ? new TempDirectory() : null;
        var port = FreePort.Next();
        var settings = Settings(linkedIn, directory ?? owned!, port);
        string? schema = null;
        if (provider == StorageProvider.PostgreSQL)
        {
            (settings["Storage:ConnectionString"], schema) = await PostgresServer.CreateSchemaAsync();
            settings["Storage:Provider"] = nameof(StorageProvider.PostgreSQL);
        }

        configure?.Invoke(settings);
        var notifier = new RecordingNotifier();
        var logs = new CapturedLogs();

        var app = BotApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            builder.Services.AddSingleton<IChatNotifier>(notifier);
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            // A create LinkedIn left unconfirmed is sent again after the attempt timeout and this margin (5 s in production).
            builder.Services.PostConfigure<LinkedInBot.Core.LinkedIn.LinkedInResilienceOptions>(o => (o.SettleMargin, o.VideoPollInterval) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)));
            services?.Invoke(builder.Services);
        });
        app.ValidateConfiguration();
        await app.StartAsync();
        return new BotUnderTest(app, new Uri(settings["Bot:PublicBaseUrl"]!), notifier, logs, owned) { _schema = schema };
    }

    public static ChatAddress Address(string user, string? chat = null) => new("test", chat ?? user, user);

    /// <summary>A press of a button whose data is <paramref name="data"/>, as the user.</summary>
    public Task<IReadOnlyList<ChatReply>> SendPressAsync(string user, string data, string? chat = null) =>
        HandleAsync(new ChatRequest(Address(user, chat), user, $"m{Interlocked.Increment(ref _messageId)}", ChatCommand.Press, data, null, chat is not null && chat != user));

    public Task<IReadOnlyList<ChatReply>> SendAsync(string user, string line, string? chat = null, string? messageId = null)
    {
        Assert.True(ChatCommandParser.TryParse(line, null, out var command, out var argument), $"Not a command: {line}");
        return HandleAsync(new ChatRequest(Address(user, chat), user, messageId ?? $"m{Interlocked.Increment(ref _messageId)}", command, argument, null, chat is not null && chat != user));
    }

    private async Task<IReadOnlyList<ChatReply>> HandleAsync(ChatRequest request)
    {
        var replies = new List<ChatReply>();
        await Bot.HandleAsync(request, (reply, _) =>
        {
            lock (replies)
            {
                replies.Add(reply);
            }

            return Task.CompletedTask;
        }, CancellationToken.None);
        return replies;
    }

    /// <summary>
    /// What a person does: /link in the chat, open the link (the fake signs them in and redirects), read the code on
    /// the bot's callback page and send <c>/link &lt;code&gt;</c>. Returns the "Linked as …" reply.
    /// </summary>
    public async Task<ChatReply> LinkAsync(string user, string? chat = null)
    {
        var (status, html) = await SignInThroughBrowserAsync(user, chat);
        Assert.Equal(HttpStatusCode.OK, status);
        var reply = Assert.Single(await SendAsync(user, "/link " + LinkCodePage.CodeFrom(html)));
        Assert.StartsWith("Linked as ", reply.Text, StringComparison.Ordinal);
        return reply;
    }

    /// <summary>
    /// /link in the chat, open the link (the fake signs them in and redirects), land on the bot's callback page.
    /// Returns the callback's status and HTML; nothing is linked before the page's code is sent.
    /// </summary>
    public async Task<(HttpStatusCode Status, string Html)> SignInThroughBrowserAsync(string user, string? chat = null)
    {
        var reply = Assert.Single(await SendAsync(user, "/link", chat));
        Assert.Equal(ReplyVisibility.Secret, reply.Visibility);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var consent = await browser.GetAsync(reply.Buttons[0].Url);
        Assert.Equal(HttpStatusCode.Redirect, consent.StatusCode);
        var callback = consent.Headers.Location!;
        Assert.StartsWith(BaseUrl + "auth/linkedin/callback", callback.ToString(), StringComparison.Ordinal);
        using var page = await browser.GetAsync(callback);
        return (page.StatusCode, await page.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Notifier.Dispose();
        _ownedDirectory?.Dispose();
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }
}
