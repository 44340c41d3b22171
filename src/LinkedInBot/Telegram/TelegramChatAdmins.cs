using System.Globalization;
using LinkedInBot.Core.Chat;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace LinkedInBot.Telegram;

/// <summary>Whether a Telegram user administers a group: <c>getChatMember</c> says creator or administrator.</summary>
internal sealed class TelegramChatAdmins(TelegramClients clients) : IChatAdmins
{
    public string Platform => TelegramAdapter.Platform;

    public async Task<bool> IsAdminAsync(ChatAddress address, CancellationToken cancellationToken)
    {
        var member = await clients.Api.GetChatMember(
            long.Parse(address.ChatId, CultureInfo.InvariantCulture),
            long.Parse(address.UserId, CultureInfo.InvariantCulture),
            cancellationToken);
        return member.Status is ChatMemberStatus.Creator or ChatMemberStatus.Administrator;
    }
}
