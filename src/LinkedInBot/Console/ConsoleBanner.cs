using System.Text;
using LinkedInBot.Core;
using LinkedInBot.Sandbox;
using Microsoft.Extensions.Options;

namespace LinkedInBot.ConsoleChat;

/// <summary>What the console prints first: which LinkedIn the bot talks to, where posts show up, how to go on.</summary>
public sealed class ConsoleBanner(IOptions<LinkedInOptions> linkedIn, IOptions<BotOptions> bot, ConsoleLogFile? logFile = null)
{
    public string Text(string userName)
    {
        var text = new StringBuilder();
        text.AppendLine($"LinkedInBot — console chat as \"{userName}\"");
        if (linkedIn.Value.IsSandbox)
        {
            text.AppendLine("LinkedIn: SANDBOX — nothing is published to LinkedIn.");
            text.AppendLine("  LinkedIn:ClientId is not set, so the bot's built-in LinkedIn sandbox plays LinkedIn (consent page included).");
            text.AppendLine($"  Your sandbox posts appear on {SandboxRegistration.FeedUrl(bot.Value).AbsoluteUri}");
            text.AppendLine("  To publish for real, set LinkedIn:ClientId and LinkedIn:ClientSecret (see README.md).");
        }
        else
        {
            text.AppendLine($"LinkedIn: REAL ({linkedIn.Value.ApiBaseUrl}) — posts are published on linkedin.com.");
        }

        text.AppendLine("Commands: /link (connect LinkedIn), /post <text>, /post --image photo.jpg <text> (or --document deck.pdf, --video clip.mp4), /status, /unlink, /forget, /help.");
        text.AppendLine("Telegram and Discord: see docs/telegram.md and docs/discord.md.");
        if (logFile is not null)
        {
            text.AppendLine($"Log: {logFile.FilePath} (warnings and errors go there, not into this chat).");
        }

        text.AppendLine("Quit with Ctrl+C (or end of input, Ctrl+D).");
        return text.AppendLine().ToString();
    }
}
