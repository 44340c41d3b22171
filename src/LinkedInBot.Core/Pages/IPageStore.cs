using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.Pages;

/// <summary>The pages stored with a link, and which page a user posts as in a chat (/as).</summary>
public interface IPageStore
{
    /// <summary>Replaces the pages of the link stored under <paramref name="linkAddress"/> (made at <paramref name="linkedAt"/>).</summary>
    Task SavePagesAsync(ChatAddress linkAddress, DateTimeOffset linkedAt, IReadOnlyList<LinkedInPage> pages, CancellationToken cancellationToken);

    /// <summary>The organization id this user posts as in this chat; null: their own profile.</summary>
    Task<string?> GetChoiceAsync(ChatAddress address, CancellationToken cancellationToken);

    /// <summary>Sets (or with null clears) the page this user posts as in this chat.</summary>
    Task SetChoiceAsync(ChatAddress address, string? organizationId, DateTimeOffset now, CancellationToken cancellationToken);
}
