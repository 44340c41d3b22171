using System.Text.RegularExpressions;
using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.ConsoleChat;

/// <summary>
/// The whole bot in-process as a first run sets it up (no LinkedIn app, no Telegram, no Discord: console chat and
/// sandbox), with the console on a <see cref="TestTerminal"/>. Cheaper to debug than <see cref="BotProcess"/>.
/// </summary>
internal sealed partial class ConsoleBot : IAsyncDisposable
{
    private readonly TempDirectory _folder;

    private string? _schema;
    private Dictionary<string, string?> _settings = [];
    private bool _restarted;

    private ConsoleBot(WebApplication app, TestTerminal terminal, TempDirectory folder, string baseUrl)
    {
        App = app;
        Terminal = terminal;
        _folder = folder;
        BaseUrl = baseUrl;
    }

    public WebApplication App { get; }

    public TestTerminal Terminal { get; }

    public string BaseUrl { get; }

    public string FolderPath => _folder.Path;

    public static async Task<ConsoleBot> StartAsync(StorageProvider provider = StorageProvider.Sqlite, Action<Dictionary<string, string?>>? configure = null)
    {
        var folder = new TempDirectory();
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var settings = new Dictionary<string, string?>
        {
            ["Urls"] = baseUrl,
            ["Bot:PublicBaseUrl"] = baseUrl,
            ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
            ["Storage:KeysDirectory"] = folder.KeysDirectory,
        };
        string? schema = null;
        if (provider == StorageProvider.PostgreSQL)
        {
            (var connectionString, schema) = await PostgresServer.CreateSchemaAsync();
            settings["Storage:Provider"] = nameof(StorageProvider.PostgreSQL);
            settings["Storage:ConnectionString"] = connectionString;
        }

        configure?.Invoke(settings);
        return await StartAsync(settings, folder, baseUrl, schema);
    }

    /// <summary>Stops this bot and starts a new one on the same database, key ring and port (this one is then spent).</summary>
    public async Task<ConsoleBot> RestartAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        Terminal.Dispose();
        _restarted = true;
        return await StartAsync(_settings, _folder, BaseUrl, _schema);
    }

    private static async Task<ConsoleBot> StartAsync(Dictionary<string, string?> settings, TempDirectory folder, string baseUrl, string? schema)
    {
        var terminal = new TestTerminal();
        var app = BotApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(terminal.Terminal);
        });
        app.ValidateConfiguration();
        await app.StartAsync();
        await terminal.WaitForAsync("Quit with Ctrl+C");
        return new ConsoleBot(app, terminal, folder, baseUrl) { _schema = schema, _settings = settings };
    }

    /// <summary>Types /link and returns the consent URL the bot printed.</summary>
    public async Task<Uri> LinkAsync()
    {
        Terminal.Type("/link");
        var printed = await Terminal.WaitForAsync($"{BaseUrl}/sandbox/linkedin/oauth/v2/authorization?");
        return new Uri(ConsentUrl().Match(printed).Value);
    }

    /// <summary>
    /// The whole first link as a newcomer does it: /link, Allow on the sandbox's consent page, read the code on the
    /// callback page and type <c>/link &lt;code&gt;</c>; waits for "Linked as …".
    /// </summary>
    public async Task LinkThroughSandboxAsync(HttpClient browser, string memberName = "Ada Lovelace")
    {
        var callback = await Sandbox.ConsentForm.SubmitAsync(browser, await LinkAsync(), "allow", memberName);
        using var page = await browser.GetAsync(callback);
        Terminal.Type("/link " + await LinkCodePage.CodeFromAsync(page));
        await Terminal.WaitForAsync($"Linked as {memberName}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_restarted)
        {
            return;
        }

        await App.StopAsync();
        await App.DisposeAsync();
        Terminal.Dispose();
        _folder.Dispose();
        if (_schema is not null)
        {
            await PostgresServer.DropSchemaAsync(_schema);
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/sandbox/linkedin/oauth/v2/authorization\?\S+")]
    private static partial Regex ConsentUrl();
}
