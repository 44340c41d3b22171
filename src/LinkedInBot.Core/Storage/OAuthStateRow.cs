using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>An <c>oauth_states</c> row as both providers store it, and its one mapping to and from <see cref="OAuthState"/>.</summary>
internal sealed class OAuthStateRow
{
    public const string Columns = """
        state_hash AS StateHash, platform AS Platform, chat_id AS ChatId, user_id AS UserId,
        reply_context AS ReplyContext, display_name AS DisplayName, created_at AS CreatedAt, expires_at AS ExpiresAt
        """;

    public string StateHash { get; set; } = "";
    public string Platform { get; set; } = "";
    public string ChatId { get; set; } = "";
    public string UserId { get; set; } = "";
    public string? ReplyContext { get; set; }
    public string? DisplayName { get; set; }
    public string CreatedAt { get; set; } = "";
    public string ExpiresAt { get; set; } = "";

    public static OAuthStateRow From(OAuthState state, ITokenProtector protector) => new()
    {
        StateHash = state.StateHash,
        Platform = state.Address.Platform,
        ChatId = state.Address.ChatId,
        UserId = state.Address.UserId,
        ReplyContext = state.Address.ReplyContext is { } context ? protector.Protect(context) : null,
        DisplayName = state.DisplayName,
        CreatedAt = StoredTime.ToText(state.CreatedAt),
        ExpiresAt = StoredTime.ToText(state.ExpiresAt),
    };

    public OAuthState ToState(ITokenProtector protector) => new(
        StateHash,
        new ChatAddress(Platform, ChatId, UserId, ReplyContext is null ? null : protector.Unprotect(ReplyContext)),
        DisplayName,
        StoredTime.FromText(CreatedAt),
        StoredTime.FromText(ExpiresAt));
}
