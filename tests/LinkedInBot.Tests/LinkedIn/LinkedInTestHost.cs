using LinkedInBot.Tests.Support;
using LinkedInBot.Core;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.LinkedIn;

/// <summary>
/// The LinkedIn client as the host wires it (ServiceCollection + AddLinkedInClient, real HttpClient) pointed at a
/// fresh <see cref="FakeLinkedInServer"/>, with 10 ms back-off so retry tests stay fast.
/// </summary>
internal sealed class LinkedInTestHost : IAsyncDisposable
{
    private LinkedInTestHost(FakeLinkedInServer fake, ServiceProvider services, CapturedLogs logs)
    {
        Fake = fake;
        Services = services;
        Logs = logs;
    }

    public FakeLinkedInServer Fake { get; }

    public ServiceProvider Services { get; }

    public CapturedLogs Logs { get; }

    public ILinkedInClient Client => Services.GetRequiredService<ILinkedInClient>();

    public const string PublicBaseUrl = "http://127.0.0.1:5999";

    public static async Task<LinkedInTestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var fake = await FakeLinkedInServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Bot:PublicBaseUrl"] = PublicBaseUrl,
            ["LinkedIn:ClientId"] = fake.ClientId,
            ["LinkedIn:ClientSecret"] = fake.ClientSecret,
            ["LinkedIn:AuthBaseUrl"] = fake.AuthBaseUrl,
            ["LinkedIn:ApiBaseUrl"] = fake.BaseUrl,
            ["LinkedIn:ApiVersion"] = "202610",
            ["LinkedIn:Resilience:BaseDelay"] = "00:00:00.010",
            ["LinkedIn:Resilience:AttemptTimeout"] = "00:00:05",
            ["LinkedIn:Resilience:TotalTimeout"] = "00:00:20",
        };
        configure?.Invoke(settings);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var logs = new CapturedLogs();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        collection.AddOptions<LinkedInOptions>().Bind(configuration.GetSection(LinkedInOptions.Section));
        collection.AddOptions<BotOptions>().Bind(configuration.GetSection(BotOptions.Section));
        services?.Invoke(collection);
        collection.AddLinkedInClient();
        var provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new LinkedInTestHost(fake, provider, logs);
    }

    /// <summary>A member with a valid token, as if linked earlier.</summary>
    public (string Token, string AuthorUrn) Member(string sub = "member-a", string name = "Ada Lovelace") =>
        (Fake.IssueTokenFor(sub, name), "urn:li:person:" + sub);

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Fake.DisposeAsync();
    }
}
