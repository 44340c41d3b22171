using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace LinkedInBot.Tests.Posting;

/// <summary>
/// The real posting core on a real SQLite file, with LinkedIn replaced by a Moq seam. Conversation helpers
/// make tests read like chats: <c>await core.SendAsync("ada", "/post hello")</c>.
/// </summary>
public sealed class CoreHost : IAsyncDisposable
{
    private readonly TempDirectory? _ownedDirectory;
    private int _messageId;

    private CoreHost(IHost host, Mock<ILinkedInClient> linkedIn, FakeTimeProvider time, RecordingNotifier notifier, CapturedLogs logs, TempDirectory? ownedDirectory)
    {
        Host = host;
        LinkedIn = linkedIn;
        Time = time;
        Notifier = notifier;
        Logs = logs;
        _ownedDirectory = ownedDirectory;
    }

    public IHost Host { get; }

    public Mock<ILinkedInClient> LinkedIn { get; }

    public FakeTimeProvider Time { get; }

    public RecordingNotifier Notifier { get; }

    public CapturedLogs Logs { get; }

    public IChatBot Bot => Host.Services.GetRequiredService<IChatBot>();

    public AccountLinking Linking => Host.Services.GetRequiredService<AccountLinking>();

    public IPostLedger Ledger => Host.Services.GetRequiredService<IPostLedger>();

    public IAccountLinkStore Links => Host.Services.GetRequiredService<IAccountLinkStore>();

    /// <param name="directory">Reuse a folder to simulate a restart; null makes a fresh one.</param>
    /// <param name="configure">Registrations after the core's, e.g. a decorated store.</param>
    /// <param name="connectionString">Another database location than the folder's bot.db.</param>
    /// <param name="keysDirectory">Another key ring location than the folder's keys.</param>
    public static async Task<CoreHost> StartAsync(TempDirectory? directory = null, Mock<ILinkedInClient>? linkedIn = null, FakeTimeProvider? time = null, Action<IServiceCollection>? configure = null, string? connectionString = null, string? keysDirectory = null)
    {
        var owned = directory is null ? new TempDirectory() : null;
        var folder = directory ?? owned!;
        linkedIn ??= new Mock<ILinkedInClient>(MockBehavior.Strict);
        time ??= new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));
        var notifier = new RecordingNotifier();
        var logs = new CapturedLogs();

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = connectionString ?? $"Data Source={folder.DatabaseFile}",
            ["Storage:KeysDirectory"] = keysDirectory ?? folder.KeysDirectory,
            ["LinkedIn:ClientId"] = "client-id",
            ["LinkedIn:ClientSecret"] = "client-secret-value",
            ["Bot:PublicBaseUrl"] = "http://127.0.0.1:5999",
        });
        builder.Logging.ClearProviders().AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddLinkedInBotCore();
        builder.Services.AddSingleton(linkedIn.Object);
        builder.Services.AddSingleton<IChatNotifier>(notifier);
        configure?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new CoreHost(host, linkedIn, time, notifier, logs, owned);
    }

    public static ChatAddress Address(string user, string? chat = null) => new("test", chat ?? user, user);

    /// <summary>Sends one chat line as <paramref name="user"/> and returns the replies the core sent back.</summary>
    public async Task<IReadOnlyList<ChatReply>> SendAsync(string user, string line, string? chat = null, ChatImage? image = null, string? messageId = null)
    {
        Assert.True(ChatCommandParser.TryParse(line, null, out var command, out var argument), $"Not a command: {line}");
        var request = new ChatRequest(Address(user, chat), user, messageId ?? $"m{Interlocked.Increment(ref _messageId)}", command, argument, image, chat is not null && chat != user);
        return await SendAsync(request);
    }

    public async Task<IReadOnlyList<ChatReply>> SendAsync(ChatRequest request)
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
    /// Sends <c>/link</c> as <paramref name="user"/> and returns the state the core put into the authorize URL
    /// (the callback that follows is up to the test).
    /// </summary>
    public async Task<string> StartLinkAsync(string user, string? chat = null)
    {
        string? state = null;
        LinkedIn.Setup(c => c.BuildAuthorizeUrl(It.IsAny<string>()))
            .Returns((string s) =>
            {
                state = s;
                return new Uri("https://linkedin.example/authorize?state=" + Uri.EscapeDataString(s));
            });
        var replies = await SendAsync(user, "/link", chat);
        Assert.Single(replies);
        Assert.NotNull(state);
        return state;
    }

    /// <summary>
    /// Links <paramref name="user"/> through the real state handling: /link, then the callback with LinkedIn's
    /// answers scripted on the mock.
    /// </summary>
    public async Task<string> LinkAsync(string user, string token, string memberName, string? chat = null, TimeSpan? lifetime = null)
    {
        LinkedIn.Setup(c => c.ExchangeCodeAsync("code-" + user, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TokenExchangeResult(new LinkedInToken(token, Time.GetUtcNow() + (lifetime ?? TimeSpan.FromDays(60)), ["openid", "profile", "w_member_social"]), null));
        LinkedIn.Setup(c => c.GetMemberAsync(token, It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<LinkedInMember>.Ok(new LinkedInMember("urn:li:person:" + user, memberName)));

        var state = await StartLinkAsync(user, chat);
        var completion = await Linking.CompleteAsync(state, "code-" + user, null, null, CancellationToken.None);
        var awaiting = Assert.IsType<LinkCompletion.AwaitingCode>(completion);
        var linked = Assert.Single(await SendAsync(user, "/link " + awaiting.Code));
        Assert.StartsWith("Linked as " + memberName, linked.Text, StringComparison.Ordinal);
        return state;
    }

    /// <summary>
    /// /link as <paramref name="user"/>, then LinkedIn's callback signing in as <paramref name="memberName"/> with
    /// <paramref name="token"/>; returns the one-time code the page would show (nothing is linked yet).
    /// </summary>
    public async Task<string> SignInAsync(string user, string token, string memberName, string? chat = null)
    {
        LinkedIn.Setup(c => c.ExchangeCodeAsync("code-" + user, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new TokenExchangeResult(new LinkedInToken(token, Time.GetUtcNow() + TimeSpan.FromDays(60), ["openid", "profile", "w_member_social"]), null));
        LinkedIn.Setup(c => c.GetMemberAsync(token, It.IsAny<CancellationToken>()))
            .ReturnsAsync(LinkedInResult<LinkedInMember>.Ok(new LinkedInMember("urn:li:person:" + memberName.Replace(' ', '-'), memberName)));
        var state = await StartLinkAsync(user, chat);
        var completion = await Linking.CompleteAsync(state, "code-" + user, null, null, CancellationToken.None);
        return Assert.IsType<LinkCompletion.AwaitingCode>(completion).Code;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        _ownedDirectory?.Dispose();
    }
}
