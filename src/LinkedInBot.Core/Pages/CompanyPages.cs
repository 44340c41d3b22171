using System.Globalization;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LinkedInBot.Core.Pages;

/// <summary>
/// Company pages (issue 14 §1): the pages a member may post as (read from LinkedIn at link time and by /pages, stored
/// with the link), and which identity a user posts as in a chat (/as). Everything that publishes asks
/// <see cref="ResolveAsync"/> for the author.
/// </summary>
public sealed class CompanyPages(
    ILinkedInClient linkedIn,
    IAccountLinkStore links,
    IPageStore store,
    CommandNameBook commandNames,
    IOptions<LinkedInOptions> options,
    TimeProvider time,
    ILogger<CompanyPages> logger)
{
    /// <summary>The scope that lets the bot read the member's roles on pages.</summary>
    public const string ReadRolesScope = "r_organization_admin";

    public bool Enabled => options.Value.EnablePages;

    /// <summary>/pages: reads the member's pages from LinkedIn again and lists them, numbered.</summary>
    public async Task<ChatReply> ListAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var (link, refusal) = await UsableLinkAsync(request.Address, commands, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var pages = await RefreshAsync(link!, cancellationToken);
        if (pages is null)
        {
            return link!.Pages.Count == 0
                ? ChatReply.Error("LinkedIn did not say which pages you may post for. Try again in a few minutes.")
                : PageReplies.List(link.Pages, await CurrentAsync(request.Address, link.Pages, cancellationToken), commands, stale: true);
        }

        return PageReplies.List(pages, await CurrentAsync(request.Address, pages, cancellationToken), commands, stale: false);
    }

    /// <summary>/as &lt;name, vanity name or number&gt;, or /as me: which identity this user posts as in this chat.</summary>
    public async Task<ChatReply> ChooseAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        var commands = commandNames.For(request.Address.Platform);
        var (link, refusal) = await UsableLinkAsync(request.Address, commands, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var wanted = request.Text.Trim();
        if (wanted.Length == 0)
        {
            var current = await CurrentAsync(request.Address, link!.Pages, cancellationToken);
            return ChatReply.Info($"{PageReplies.Identity(link, current)} {PageReplies.AsUsage(commands)}");
        }

        if (string.Equals(wanted, "me", StringComparison.OrdinalIgnoreCase))
        {
            await store.SetChoiceAsync(request.Address, null, time.GetUtcNow(), cancellationToken);
            return ChatReply.Info($"In this chat you now post as yourself ({link!.MemberName}).");
        }

        var pages = link!.Pages;
        var page = Match(pages, wanted);
        if (page is null)
        {
            // The member may have been given a role since the pages were last read.
            pages = await RefreshAsync(link, cancellationToken) ?? pages;
            page = Match(pages, wanted);
        }

        if (page is null)
        {
            return pages.Count == 0
                ? ChatReply.Error(PageReplies.NoPages(link.MemberName, commands))
                : ChatReply.Error($"None of your pages is called \"{Shorten(wanted)}\". {PageReplies.Numbered(pages)}\n{PageReplies.AsUsage(commands)}");
        }

        await store.SetChoiceAsync(request.Address, page.OrganizationId, time.GetUtcNow(), cancellationToken);
        return ChatReply.Info($"In this chat you now post as {page.Name}. Everything you publish here goes out as the page; send {commands.AsPage("me")} to post as yourself again.");
    }

    /// <summary>
    /// Who a post of this user in this chat is published as: null for their own profile, else the page; or why it
    /// cannot be published (the page chosen is no longer one of theirs).
    /// </summary>
    public async Task<(PostAuthor? Author, ChatReply? Refusal)> ResolveAsync(ChatAddress address, AccountLink link, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return (null, null);
        }

        var chosen = await store.GetChoiceAsync(address, cancellationToken);
        if (chosen is null)
        {
            return (null, null);
        }

        var page = link.Pages.FirstOrDefault(p => p.OrganizationId == chosen);
        if (page is null)
        {
            var commands = commandNames.For(address.Platform);
            return (null, ChatReply.Error(
                $"You chose to post as a company page in this chat, but your LinkedIn account may no longer post for it. Nothing was published. Send {commands.Pages} to see your pages, or {commands.AsPage("me")} to post as yourself."));
        }

        return (new PostAuthor(page.Urn, page.Name), null);
    }

    /// <summary>The page this user posts as in this chat, if it is still one of <paramref name="pages"/>.</summary>
    public async Task<LinkedInPage?> CurrentAsync(ChatAddress address, IReadOnlyList<LinkedInPage> pages, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return null;
        }

        var chosen = await store.GetChoiceAsync(address, cancellationToken);
        return chosen is null ? null : pages.FirstOrDefault(p => p.OrganizationId == chosen);
    }

    /// <summary>
    /// Reads the member's pages from LinkedIn and stores them with the link; null when LinkedIn could not say (the
    /// stored pages stay), or the link was made without the scope to read them.
    /// </summary>
    public async Task<IReadOnlyList<LinkedInPage>?> RefreshAsync(AccountLink link, CancellationToken cancellationToken)
    {
        if (!Enabled || link.IsUnreadable || !link.Scopes.Contains(ReadRolesScope, StringComparer.Ordinal))
        {
            return null;
        }

        var answer = await linkedIn.GetPagesAsync(link.AccessToken, cancellationToken);
        if (answer.Value is not { } pages)
        {
            logger.LogWarning("Could not read the pages of {Platform} user {UserId} ({Outcome})", link.Address.Platform, link.Address.UserId, answer.Failure?.GetType().Name);
            return null;
        }

        await store.SavePagesAsync(link.Address, link.LinkedAt, pages, cancellationToken);
        return pages;
    }

    /// <summary>The user's pages whose name or vanity name contains <paramref name="typed"/>, for Discord's autocomplete.</summary>
    public async Task<IReadOnlyList<LinkedInPage>> SuggestAsync(ChatAddress address, string typed, CancellationToken cancellationToken)
    {
        if (!Enabled || await links.FindAsync(address, cancellationToken) is not { } link)
        {
            return [];
        }

        typed = typed.Trim();
        return link.Pages
            .Where(p => typed.Length == 0 || p.Name.Contains(typed, StringComparison.OrdinalIgnoreCase) || (p.VanityName?.Contains(typed, StringComparison.OrdinalIgnoreCase) ?? false))
            .Take(25)
            .ToList();
    }

    /// <summary>A page by its number in the list, its name or its vanity name (exact, then a unique beginning).</summary>
    public static LinkedInPage? Match(IReadOnlyList<LinkedInPage> pages, string text)
    {
        text = text.Trim();
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number >= 1 && number <= pages.Count ? pages[number - 1] : null;
        }

        var exact = pages.FirstOrDefault(p => string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase))
            ?? pages.FirstOrDefault(p => string.Equals(p.VanityName, text, StringComparison.OrdinalIgnoreCase))
            ?? pages.FirstOrDefault(p => p.OrganizationId == text);
        if (exact is not null)
        {
            return exact;
        }

        var starting = pages.Where(p => p.Name.StartsWith(text, StringComparison.OrdinalIgnoreCase)).ToList();
        return starting.Count == 1 ? starting[0] : null;
    }

    private async Task<(AccountLink? Link, ChatReply? Refusal)> UsableLinkAsync(ChatAddress address, CommandNames commands, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return (null, ChatReply.Info(PageReplies.NotEnabled));
        }

        var link = await links.FindAsync(address, cancellationToken);
        if (link is null)
        {
            return (null, ChatReply.Error($"No LinkedIn account is linked. Send {commands.Link} to connect yours; then you can post as the pages you administer."));
        }

        if (!link.IsUsableAt(time.GetUtcNow()))
        {
            return (null, ChatReply.Error($"Your LinkedIn link expired. Send {commands.Link} to reconnect."));
        }

        if (!link.Scopes.Contains(ReadRolesScope, StringComparer.Ordinal))
        {
            return (null, ChatReply.Error($"Your LinkedIn link was made before posting as pages was turned on, so it cannot read your pages. Send {commands.Link} to link again."));
        }

        return (link, null);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
