using LinkedInBot.ConsoleChat;
using LinkedInBot.Core;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.ConsoleChat;

public sealed class ConsoleChatServiceTests : IDisposable
{
    /// <summary>Echoes requests; a /post answers only after a delay, like a LinkedIn call.</summary>
    private sealed class SlowEchoBot : IChatBot
    {
        public List<ChatRequest> Requests { get; } = [];

        public async Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken)
        {
            lock (Requests)
            {
                Requests.Add(request);
            }

            if (request.Command == ChatCommand.Post)
            {
                await Task.Delay(300, cancellationToken); // a slow publish: the next line must wait for it
            }

            await send(ChatReply.Info($"echo {request.Command} {request.Text}"), cancellationToken);
        }
    }

    private readonly TempDirectory folder = new();

    /// <summary>The console adapter on the job runtime and real storage, with a stand-in core.</summary>
    private WebApplication Build(TestTerminal terminal, IChatBot bot)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = $"Data Source={folder.DatabaseFile}",
            ["Storage:KeysDirectory"] = folder.KeysDirectory,
        });
        builder.Services.AddSingleton(terminal.Terminal);
        builder.Services.AddSingleton(bot);
        builder.Services.AddLinkedInBotStorage();
        builder.Services.AddChatJobRuntime();
        builder.AddConsoleAdapter();
        return builder.Build();
    }

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task AtATerminal_APromptWaitsForEachCommand_AndALineEndingWithABackslashContinuesIt()
    {
        using var terminal = new TestTerminal(interactive: true);
        var bot = new SlowEchoBot();
        await using var app = Build(terminal, bot);

        terminal.Type("/post First line\\");
        terminal.Type("second line\\");
        terminal.Type("\\");
        terminal.Type("third line");
        terminal.Type("/status");
        terminal.EndInput();
        await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(15));

        var post = Assert.Single(bot.Requests, r => r.Command == ChatCommand.Post);
        Assert.Equal("First line\nsecond line\n\nthird line", post.Text);
        Assert.Equal(2, bot.Requests.Count);
        var output = terminal.Output;
        Assert.Contains("Quit with Ctrl+C (or end of input, Ctrl+D)." + Environment.NewLine + Environment.NewLine + ConsoleChatService.Prompt, output, StringComparison.Ordinal);
        Assert.Contains(ConsoleChatService.ContinuationPrompt + ConsoleChatService.ContinuationPrompt, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtATerminal_ANoticeWhileThePromptWaits_GetsALineOfItsOwn_AndThePromptComesBack()
    {
        using var terminal = new TestTerminal(interactive: true);
        await using var app = Build(terminal, new SlowEchoBot());
        await app.StartAsync();
        await terminal.WaitForAsync("Quit with Ctrl+C");
        await Eventually.TrueAsync(() => Task.FromResult(terminal.Output.EndsWith(ConsoleChatService.Prompt, StringComparison.Ordinal)), "the prompt is shown");

        var notifier = app.Services.GetServices<IChatNotifier>().Single(n => n.Platform == ConsoleChatNotifier.PlatformName);
        await notifier.NotifyAsync(new ChatAddress("console", "console", "ada"), ChatReply.Info("Linked as Ada Lovelace."), CancellationToken.None);

        Assert.EndsWith(ConsoleChatService.Prompt + Environment.NewLine + "Linked as Ada Lovelace." + Environment.NewLine + Environment.NewLine + ConsoleChatService.Prompt, terminal.Output, StringComparison.Ordinal);
        await app.StopAsync();
    }

    [Fact]
    public async Task FromAPipe_NoPromptIsWritten()
    {
        using var terminal = new TestTerminal();
        await using var app = Build(terminal, new SlowEchoBot());

        terminal.Type("/status");
        terminal.EndInput();
        await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(15));

        Assert.DoesNotContain(Environment.NewLine + ConsoleChatService.Prompt, terminal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lines_AreAnsweredInOrder_AndTheEndOfInputStopsTheHostAfterTheLastReply()
    {
        using var terminal = new TestTerminal();
        var bot = new SlowEchoBot();
        await using var app = Build(terminal, bot);
        string? outputWhenStopping = null;
        app.Lifetime.ApplicationStopping.Register(() => outputWhenStopping = terminal.Output);

        terminal.Type("/post first");
        terminal.Type("not a command");
        terminal.Type("/status");
        terminal.EndInput();
        await app.RunAsync().WaitAsync(TimeSpan.FromSeconds(15));

        var output = terminal.Output;
        Assert.Contains("SANDBOX — nothing is published to LinkedIn.", output, StringComparison.Ordinal);
        Assert.Contains("docs/telegram.md", output, StringComparison.Ordinal);
        var post = output.IndexOf("echo Post first", StringComparison.Ordinal);
        var hint = output.IndexOf(ConsoleRequests.Hint, StringComparison.Ordinal);
        var status = output.IndexOf("echo Status", StringComparison.Ordinal);
        Assert.True(post > 0 && hint > post && status > hint, output);
        Assert.Contains("echo Status", outputWhenStopping, StringComparison.Ordinal);
        Assert.Equal([ChatCommand.Post, ChatCommand.Status], bot.Requests.Select(r => r.Command));
    }

    [Fact]
    public async Task Notifier_WritesToTheSameConsole()
    {
        using var terminal = new TestTerminal();
        await using var app = Build(terminal, new SlowEchoBot());
        await app.StartAsync();

        var notifier = app.Services.GetServices<IChatNotifier>().Single(n => n.Platform == "console");
        await notifier.NotifyAsync(new ChatAddress("console", "console", "ada"), ChatReply.Info("Linked as Ada Lovelace."), CancellationToken.None);

        await terminal.WaitForAsync("Linked as Ada Lovelace.");
        await app.StopAsync();
    }

    [Fact]
    public async Task Stop_WhileInputIsStillOpen_EndsPromptly()
    {
        using var terminal = new TestTerminal();
        await using var app = Build(terminal, new SlowEchoBot());
        var run = app.RunAsync();
        await terminal.WaitForAsync("Quit with Ctrl+C");

        app.Lifetime.StopApplication();

        await run.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("End of input", terminal.Output, StringComparison.Ordinal);
    }
}
