using System.Collections.Concurrent;
using System.Text.Json;
using LinkedInBot.Tests.Fakes;

namespace LinkedInBot.Benchmarks;

/// <summary>A linked member: a Telegram user with a private chat, and their LinkedIn identity and token.</summary>
internal sealed record BenchmarkMember(long UserId, string Name, string Sub, string AccessToken)
{
    public string AuthorUrn => "urn:li:person:" + Sub;

    public FakeTelegramUser User => new(UserId, Name);

    public FakeTelegramChat Chat => FakeTelegramChat.Private(User);
}

/// <summary>The fakes both runs talk to (in this process), and the members the bot process links at start.</summary>
internal sealed class BenchmarkWorld : IAsyncDisposable
{
    private BenchmarkWorld(FakeTelegramServer telegram, FakeLinkedInServer linkedIn, IReadOnlyList<BenchmarkMember> members, string folder)
    {
        Telegram = telegram;
        LinkedIn = linkedIn;
        Members = members;
        Folder = folder;
    }

    public FakeTelegramServer Telegram { get; }

    public FakeLinkedInServer LinkedIn { get; }

    public IReadOnlyList<BenchmarkMember> Members { get; }

    /// <summary>When the fake LinkedIn sent its answer to each create, by post URN.</summary>
    public ConcurrentDictionary<string, DateTimeOffset> CreateAnsweredAt { get; } = new();

    /// <summary>A temp folder for the members file and the bot's SQLite database and key ring.</summary>
    public string Folder { get; }

    public string MembersFile => Path.Combine(Folder, "members.json");

    public static async Task<BenchmarkWorld> StartAsync(int memberCount)
    {
        var telegram = await FakeTelegramServer.StartAsync();
        var linkedIn = await FakeLinkedInServer.StartAsync();
        var members = Enumerable.Range(1, memberCount)
            .Select(i => new BenchmarkMember(700_000 + i, $"Member{i}", $"bench-member-{i}", linkedIn.IssueTokenFor($"bench-member-{i}", $"Member {i}")))
            .ToList();
        var folder = Path.Combine(Path.GetTempPath(), "linkedinbot-bench-" + Guid.NewGuid().ToString("N"));
        // Private, as the bot wants its data folder (it warns otherwise).
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var world = new BenchmarkWorld(telegram, linkedIn, members, folder);
        linkedIn.CreateAnswered = urn => world.CreateAnsweredAt[urn] = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(world.MembersFile, JsonSerializer.Serialize(members));
        return world;
    }

    public static IReadOnlyList<BenchmarkMember> ReadMembers(string file) =>
        JsonSerializer.Deserialize<List<BenchmarkMember>>(File.ReadAllText(file))!;

    /// <summary>
    /// The bot's configuration, as environment variables (what an operator would set): SQLite in
    /// <c>{databaseName}.db</c> with the key ring <c>keys-{databaseName}</c>, both in <see cref="Folder"/>.
    /// </summary>
    public Dictionary<string, string> BotEnvironment(string databaseName) => new()
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Bot__PublicBaseUrl"] = "http://127.0.0.1:5080",
        ["Storage__ConnectionString"] = $"Data Source={Path.Combine(Folder, databaseName + ".db")}",
        ["Storage__KeysDirectory"] = Path.Combine(Folder, "keys-" + databaseName),
        ["LinkedIn__ClientId"] = LinkedIn.ClientId,
        ["LinkedIn__ClientSecret"] = LinkedIn.ClientSecret,
        ["LinkedIn__AuthBaseUrl"] = LinkedIn.AuthBaseUrl,
        ["LinkedIn__ApiBaseUrl"] = LinkedIn.BaseUrl,
        ["Telegram__BotToken"] = Telegram.Token,
        ["Telegram__ApiBaseUrl"] = Telegram.BaseUrl.ToString(),
        ["Console__Enabled"] = "false",

        // A log line per post would measure the console, not the bot.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning",
        ["BENCH_MEMBERS_FILE"] = MembersFile,
    };

    public async ValueTask DisposeAsync()
    {
        await Telegram.DisposeAsync();
        await LinkedIn.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
