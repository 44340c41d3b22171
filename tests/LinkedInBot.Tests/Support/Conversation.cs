using System.Text.RegularExpressions;
using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Tests.ConsoleChat;
using LinkedInBot.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Support;

/// <summary>
/// A conversation with the whole bot (<see cref="BotUnderTest"/>: BotApp, the real core, SQLite or PostgreSQL) on a
/// chat platform, with a <see cref="FakeLinkedInServer"/> as LinkedIn — tests read like Bot Framework's TestFlow:
/// <code>
/// await using var chat = await Conversation.OnTelegramAsync();
/// await chat.LinkAsync();
/// await chat.Send("/post hello");
/// await chat.ExpectReply(r => r.Contains("linkedin.com/feed/update"));
/// </code>
/// Telegram runs through the real Telegram.Bot client against <see cref="FakeTelegramServer"/> (Ada in her private
/// chat unless a test names another chat); the console through its adapter on a <see cref="TestTerminal"/>.
/// <see cref="ExpectReply"/> reads the bot's replies (the messages it sends; on Telegram not its edits of earlier ones)
/// in order: each call waits for the next reply, after the one the previous call returned, that matches — replies in
/// between that do not match are passed over.
/// </summary>
public sealed partial class Conversation : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly FakeTelegramServer? _telegram;
    private readonly TestTerminal? _terminal;
    private readonly bool _ownsLinkedIn;

    // How many of the bot's replies ExpectReply has read past.
    private int _read;

    private Conversation(BotUnderTest bot, FakeLinkedInServer linkedIn, bool ownsLinkedIn, FakeTelegramServer? telegram, TestTerminal? terminal)
    {
        Bot = bot;
        LinkedIn = linkedIn;
        _ownsLinkedIn = ownsLinkedIn;
        _telegram = telegram;
        _terminal = terminal;
    }

    public BotUnderTest Bot { get; }

    public FakeLinkedInServer LinkedIn { get; }

    /// <summary>The fake Bot API, for what only Telegram has (button presses, edits, photos).</summary>
    public FakeTelegramServer Telegram => _telegram ?? throw new InvalidOperationException("This conversation is on the console.");

    internal TestTerminal Terminal => _terminal ?? throw new InvalidOperationException("This conversation is on Telegram.");

    /// <summary>Who speaks on Telegram.</summary>
    public FakeTelegramUser User { get; init; } = new(1001, "Ada", "ada", "Lovelace");

    /// <summary>Where <see cref="Send"/> speaks on Telegram, unless told otherwise: the user's private chat.</summary>
    public FakeTelegramChat Chat => FakeTelegramChat.Private(User);

    /// <summary>
    /// The bot with Telegram (polling the fake Bot API) and a fake LinkedIn where Ada Lovelace signs in.
    /// <paramref name="linkedIn"/> is used (and left running) when given; <paramref name="configure"/> changes settings;
    /// <paramref name="services"/> registrations win over the bot's own.
    /// </summary>
    public static async Task<Conversation> OnTelegramAsync(
        Action<Dictionary<string, string?>>? configure = null,
        FakeLinkedInServer? linkedIn = null,
        StorageProvider provider = StorageProvider.Sqlite,
        Action<IServiceCollection>? services = null)
    {
        var telegram = await FakeTelegramServer.StartAsync();
        var (fake, owned) = await LinkedInAsync(linkedIn);
        var bot = await BotUnderTest.StartAsync(fake, configure: s =>
        {
            s["Telegram:BotToken"] = telegram.Token;
            s["Telegram:ApiBaseUrl"] = telegram.BaseUrl.ToString();
            configure?.Invoke(s);
        }, provider: provider, services: services);
        return new Conversation(bot, fake, owned, telegram, null);
    }

    /// <summary>The bot with the console chat on a test terminal and a fake LinkedIn where Ada Lovelace signs in.</summary>
    public static async Task<Conversation> OnConsoleAsync(
        Action<Dictionary<string, string?>>? configure = null,
        FakeLinkedInServer? linkedIn = null,
        StorageProvider provider = StorageProvider.Sqlite,
        Action<IServiceCollection>? services = null)
    {
        var terminal = new TestTerminal();
        var (fake, owned) = await LinkedInAsync(linkedIn);
        var bot = await BotUnderTest.StartAsync(
            fake,
            configure: s =>
            {
                s["Console:Enabled"] = "true";
                configure?.Invoke(s);
            },
            provider: provider,
            services: s =>
            {
                s.AddSingleton(terminal.Terminal);
                services?.Invoke(s);
            });
        await terminal.WaitForAsync("Quit with Ctrl+C");
        return new Conversation(bot, fake, owned, null, terminal) { _read = terminal.Writes.Count };
    }

    /// <summary>The user says <paramref name="text"/> (on Telegram in <paramref name="chat"/>, by default their private chat).</summary>
    public Task<FakeTelegramMessage?> Send(string text, FakeTelegramChat? chat = null, FakeTelegramMessage? replyTo = null)
    {
        if (_terminal is { } terminal)
        {
            terminal.Type(text);
            return Task.FromResult<FakeTelegramMessage?>(null);
        }

        return Task.FromResult<FakeTelegramMessage?>(Telegram.UserSends(chat ?? Chat, User, text, replyTo));
    }

    /// <summary>Waits for the bot's next reply that matches (see the class summary) and returns it.</summary>
    public async Task<ConversationReply> ExpectReply(Func<ConversationReply, bool> match, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (true)
        {
            var signal = _telegram?.NextCall ?? Terminal.NextWrite;
            var replies = Replies();
            for (var i = _read; i < replies.Count; i++)
            {
                if (match(replies[i]))
                {
                    _read = i + 1;
                    return replies[i];
                }
            }

            try
            {
                await signal.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"No matching reply within {timeout ?? DefaultTimeout}. The bot's replies after the last one read:\n{string.Join("\n---\n", replies.Skip(_read).Select(r => r.Text))}");
            }
        }
    }

    /// <summary>
    /// What a person does: /link, open the link (the fake LinkedIn signs them in and sends the browser to the bot's
    /// callback page), send <c>/link &lt;code&gt;</c> with the page's code; returns the "Linked as …" reply.
    /// </summary>
    public async Task<ConversationReply> LinkAsync()
    {
        await Send("/link", Chat);
        var prompt = await ExpectReply(r => r.Links.Count > 0);
        using var browser = new HttpClient();
        using var page = await browser.GetAsync(prompt.Links[0]);
        await Send("/link " + await LinkCodePage.CodeFromAsync(page), Chat);
        return await ExpectReply(r => r.StartsWith("Linked as "));
    }

    /// <summary>Links, posts <paramref name="text"/> and returns the "Published on LinkedIn" reply.</summary>
    public async Task<ConversationReply> PublishAsync(string text = "/post Hello from a test", FakeTelegramChat? chat = null)
    {
        await Send(text, chat);
        return await ExpectReply(r => r.StartsWith("Published on LinkedIn"));
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        _terminal?.Dispose();
        if (_telegram is not null)
        {
            await _telegram.DisposeAsync();
        }

        if (_ownsLinkedIn)
        {
            await LinkedIn.DisposeAsync();
        }
    }

    private static async Task<(FakeLinkedInServer LinkedIn, bool Owned)> LinkedInAsync(FakeLinkedInServer? given)
    {
        if (given is not null)
        {
            return (given, false);
        }

        var linkedIn = await FakeLinkedInServer.StartAsync();
        linkedIn.SignInAs("ada-sub", "Ada Lovelace");
        return (linkedIn, true);
    }

    private List<ConversationReply> Replies()
    {
        if (_telegram is { } telegram)
        {
            return [.. telegram.Calls.Where(c => c.Method is "sendMessage" or "sendPhoto").Select(ConversationReply.Of)];
        }

        return [.. Terminal.Writes.Select(w => new ConversationReply(w.Trim(), UrlsIn(w), null))];
    }

    private static List<Uri> UrlsIn(string text) =>
        [.. UrlPattern().Matches(text).Select(m => Uri.TryCreate(m.Value.TrimEnd('.', ',', ')', ';', ':'), UriKind.Absolute, out var url) ? url : null).OfType<Uri>()];

    [GeneratedRegex(@"https?://\S+")]
    private static partial Regex UrlPattern();
}

/// <summary>One reply of the bot: its visible text, the links it offers (URL buttons, or URLs printed on the console), and on Telegram the Bot API call.</summary>
public sealed record ConversationReply(string Text, IReadOnlyList<Uri> Links, TelegramCall? Call)
{
    public bool Contains(string text) => Text.Contains(text, StringComparison.Ordinal);

    public bool StartsWith(string text) => Text.StartsWith(text, StringComparison.Ordinal);

    /// <summary>The message it answers (Telegram's reply_parameters).</summary>
    public int? ReplyTo => Call?.ReplyToMessageId;

    /// <summary>Telegram's inline buttons that call back (Delete, Publish …).</summary>
    public IReadOnlyList<(string Text, string Data)> CallbackButtons => Call?.CallbackButtons ?? [];

    internal static ConversationReply Of(TelegramCall call) =>
        new(call.VisibleText ?? call.GetString("caption") ?? string.Empty, [.. call.UrlButtons.Select(b => new Uri(b.Url))], call);
}
