using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using LinkedInBot.Core.Chat;
using LinkedInBot.Tests.Fakes;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Discord;

/// <summary>
/// The whole bot (BotApp.Build) on 127.0.0.1 with Discord pointed at <see cref="FakeDiscordServer"/>, storage in a
/// temp folder, and the core either replaced by a <see cref="RecordingChatBot"/> or real against a
/// <see cref="FakeLinkedInServer"/>; interactions are signed with a key made here.
/// </summary>
internal sealed class DiscordTestHost : IAsyncDisposable
{
    private readonly TempDirectory folder;

    private DiscordTestHost(WebApplication app, FakeDiscordServer discord, RecordingChatBot bot, DiscordSigner signer, HttpClient client, CapturedLogs logs, TempDirectory folder)
    {
        Logs = logs;
        this.folder = folder;
        App = app;
        Discord = discord;
        Bot = bot;
        Signer = signer;
        Client = client;
    }

    public WebApplication App { get; }

    public FakeDiscordServer Discord { get; }

    public RecordingChatBot Bot { get; }

    public DiscordSigner Signer { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    /// <summary>The bytes of the SQLite database and its WAL, as they are on disk now.</summary>
    public byte[] DatabaseBytes()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return [.. Directory.GetFiles(folder.Path, "*.db*").SelectMany(File.ReadAllBytes)];
    }

    public static async Task<DiscordTestHost> StartAsync(
        Action<Dictionary<string, string?>>? configure = null,
        DiscordSigner? signer = null,
        TimeProvider? time = null,
        Action<FakeDiscordServer>? configureDiscord = null,
        FakeLinkedInServer? linkedIn = null,
        Action<IServiceCollection>? services = null)
    {
        var discord = await FakeDiscordServer.StartAsync();
        configureDiscord?.Invoke(discord);
        signer ??= DiscordSigner.Create();
        var folder = new TempDirectory();
        var port = FreePort.Next();

        // With a fake LinkedIn the real core runs (end to end); without, a recording core stands in.
        var settings = linkedIn is null
            ? new Dictionary<string, string?>
            {
                ["Urls"] = $"http://127.0.0.1:{port}",
                ["Bot:PublicBaseUrl"] = $"http://127.0.0.1:{port}",
                ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
                ["Storage:KeysDirectory"] = folder.KeysDirectory,
                ["Console:Enabled"] = "false",
            }
            : BotUnderTest.Settings(linkedIn, folder, port);
        settings["Discord:ApplicationId"] = DiscordPayloads.ApplicationId;
        settings["Discord:PublicKey"] = signer.PublicKeyHex;
        settings["Discord:ApiBaseUrl"] = discord.ApiBaseUrl;
        configure?.Invoke(settings);
        var bot = new RecordingChatBot();
        var logs = new CapturedLogs();
        var app = BotApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.AddProvider(logs);
            // A create LinkedIn left unconfirmed is sent again after the attempt timeout and this margin (5 s in production).
            builder.Services.PostConfigure<LinkedInBot.Core.LinkedIn.LinkedInResilienceOptions>(o => (o.SettleMargin, o.VideoPollInterval) = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50)));
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }

            if (services is not null)
            {
                // After every registration, so a test's replacement wins over the adapter's own.
                builder.Host.ConfigureContainer<IServiceCollection>((_, collection) => services(collection));
            }

            if (linkedIn is null)
            {
                // Applied after every registration, so the recording core wins over the one BotApp registers.
                builder.Host.ConfigureContainer<IServiceCollection>((_, collection) => collection.RemoveAll<IChatBot>().AddSingleton<IChatBot>(bot));
            }
        });
        await app.StartAsync();
        var client = new HttpClient { BaseAddress = new Uri(settings["Urls"]!), Timeout = TimeSpan.FromSeconds(30) };
        return new DiscordTestHost(app, discord, bot, signer, client, logs, folder);
    }

    public Task<HttpResponseMessage> SendAsync(JsonObject interaction) => SendAsync(interaction.ToJsonString());

    public Task<HttpResponseMessage> SendAsync(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return SendRawAsync(bytes, Signer.Sign(timestamp, bytes), timestamp);
    }

    public Task<HttpResponseMessage> SendRawAsync(byte[] body, string? signature, string? timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/discord/interactions") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (signature is not null)
        {
            request.Headers.Add("X-Signature-Ed25519", signature);
        }

        if (timestamp is not null)
        {
            request.Headers.Add("X-Signature-Timestamp", timestamp);
        }

        return Client.SendAsync(request);
    }

    /// <summary>Sends a signed interaction and returns the JSON of the 200 response.</summary>
    public async Task<JsonNode> InteractAsync(JsonObject interaction)
    {
        using var response = await SendAsync(interaction);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    /// <summary>Waits for a log line: some are written just after the request the test can observe.</summary>
    public async Task<string> WaitForLogAsync(Func<string, bool> match)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); ; await Task.Delay(20))
        {
            var line = Logs.Lines.FirstOrDefault(match);
            if (line is not null)
            {
                return line;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No matching log line.");
            }
        }
    }

    public IChatNotifier Notifier => App.Services.GetServices<IChatNotifier>().Single(n => n.Platform == "discord");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Discord.DisposeAsync();
        Signer.Dispose();
        folder.Dispose();
    }
}
