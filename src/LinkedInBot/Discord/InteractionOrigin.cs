using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>Who sent an interaction, from where, and how to answer it: the platform-neutral half of a request.</summary>
internal sealed record InteractionOrigin(ChatAddress Address, string? DisplayName, bool IsGroupChat, InteractionTarget Target, long? AttachmentSizeLimit)
{
    public const string Platform = "discord";

    /// <summary>Manage Server (reference discord-interactions.md §7: <c>member.permissions</c>, bit 5).</summary>
    public const ulong ManageGuild = 0x20;

    /// <summary>Administrator, which implies every permission.</summary>
    public const ulong Administrator = 0x8;

    /// <summary>In a server: whether the member has Manage Server (or Administrator); null outside servers.</summary>
    public bool? IsChatAdmin { get; init; }

    public string UserId => Address.UserId;

    public ChatRequest Request(string messageId, ChatCommand command, string text = "", ChatImage? image = null) =>
        new(Address, DisplayName, messageId, command, text, image, IsGroupChat) { IsChatAdmin = IsChatAdmin };
}

/// <summary>Builds <see cref="InteractionOrigin"/>s; the reply context is encrypted here, once per interaction.</summary>
internal sealed class InteractionOrigins(DiscordReplyContext replyContext, TimeProvider time)
{
    public InteractionOrigin? From(Interaction interaction)
    {
        var user = interaction.Caller;
        var channelId = interaction.ChannelId ?? interaction.Channel?.Id;
        if (user is null || string.IsNullOrEmpty(user.Id) || string.IsNullOrEmpty(channelId) || string.IsNullOrEmpty(interaction.Token))
        {
            return null;
        }

        // A group DM (context 2) has no guild but other readers, like a guild channel.
        var isGroupChat = interaction.GuildId is not null || interaction.Context == 2;
        var target = new InteractionTarget(
            interaction.Id,
            interaction.ApplicationId,
            interaction.Token,
            time.GetUtcNow() + InteractionTarget.TokenLifetime,
            isGroupChat,
            interaction.Type == InteractionType.MessageComponent);
        var address = new ChatAddress(InteractionOrigin.Platform, channelId, user.Id, replyContext.Protect(target));
        var displayName = interaction.Member?.Nick ?? user.GlobalName ?? user.Username;
        bool? isAdmin = interaction.Member is null
            ? null
            : ulong.TryParse(interaction.Member.Permissions, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var permissions)
                && (permissions & (InteractionOrigin.ManageGuild | InteractionOrigin.Administrator)) != 0;
        return new InteractionOrigin(address, displayName, isGroupChat, target, interaction.AttachmentSizeLimit) { IsChatAdmin = isAdmin };
    }
}
