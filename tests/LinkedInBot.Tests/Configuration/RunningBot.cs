using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace LinkedInBot.Tests.Configuration;

/// <summary>
/// The real host (<see cref="BotApp.Build"/>, as Program.cs runs it) on 127.0.0.1 with a free port and its
/// database and key ring in a temp folder. Settings given by a test win over appsettings.json and the environment.
/// </summary>
internal sealed class RunningBot : IAsyncDisposable
{
    private RunningBot(WebApplication app, TempDirectory? ownedFolder)
    {
        App = app;
        BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseAddress };
        _ownedFolder = ownedFolder;
    }

    private readonly TempDirectory? _ownedFolder;

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public HttpClient Http { get; }

    /// <summary>The settings every test host needs: loopback, temp storage, no console adapter reading stdin.</summary>
    public static Dictionary<string, string?> BaseSettings(TempDirectory folder) => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
        ["Storage:KeysDirectory"] = folder.KeysDirectory,
        ["Console:Enabled"] = "false",
    };

    /// <summary>Builds (without starting) the host with these settings on top of the usual sources.</summary>
    public static WebApplication Build(IReadOnlyDictionary<string, string?> settings, Action<WebApplicationBuilder>? configure = null) =>
        BotApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
        });

    public static async Task<RunningBot> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        Action<WebApplicationBuilder>? configure = null,
        TempDirectory? ownedFolder = null)
    {
        var app = Build(settings, configure);
        app.ValidateConfiguration();
        await app.StartAsync();
        return new RunningBot(app, ownedFolder);
    }

    /// <summary>Starts a bot on a fresh temp folder that is removed with it.</summary>
    public static Task<RunningBot> StartAsync(Action<Dictionary<string, string?>>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var folder = new TempDirectory();
        var all = BaseSettings(folder);
        settings?.Invoke(all);
        return StartAsync(all, configure, folder);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        _ownedFolder?.Dispose();
    }
}
