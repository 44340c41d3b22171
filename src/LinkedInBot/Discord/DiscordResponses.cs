using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>Small pieces shared by the command handlers.</summary>
internal static class DiscordResponses
{
    public static InteractionResponse EphemeralError(string text) =>
        InteractionResponse.Message(DiscordReplyFormatter.ToMessage(ChatReply.Error(text), InteractionResponse.Ephemeral));
}
