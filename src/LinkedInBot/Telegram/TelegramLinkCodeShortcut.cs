using LinkedInBot.Core.Linking;

namespace LinkedInBot.Telegram;

/// <summary>
/// The callback page's one-tap button: <c>https://t.me/&lt;bot&gt;?start=&lt;code&gt;</c> opens the private chat and
/// sends <c>/start &lt;code&gt;</c> from the user's own Telegram account (TG: deep linking; the payload may hold
/// A-Z a-z 0-9 _ -, which every code does).
/// </summary>
internal sealed class TelegramLinkCodeShortcut(TelegramBotIdentity identity) : ILinkCodeShortcut
{
    public string Platform => TelegramAdapter.Platform;

    public Uri? For(string code) =>
        identity.IsKnown && identity.WaitAsync(CancellationToken.None).Result is { Length: > 0 } username
            ? new Uri($"https://t.me/{Uri.EscapeDataString(username)}?start={Uri.EscapeDataString(code)}")
            : null;
}
