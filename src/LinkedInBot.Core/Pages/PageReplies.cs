using System.Text;
using LinkedInBot.Core.LinkedIn;
using LinkedInBot.Core.Posting;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Core.Pages;

/// <summary>The words about company pages: /pages, /as, /status, and a page's refusal.</summary>
public static class PageReplies
{
    /// <summary>The suggestion that goes back to the member's own profile (<c>/as me</c>), as a picker lists it.</summary>
    public const string OwnProfileChoice = "me (your own profile)";

    public const string NotEnabled =
        "Posting as a company page is not turned on for this bot. Its operator can turn it on (LinkedIn:EnablePages) once their LinkedIn app has the Community Management API.";

    public static string NoPages(string memberName, CommandNames commands) =>
        $"LinkedIn says {memberName} may not post for any company page (that takes the Super admin, Content admin or Sponsored content poster role on the page). Once a page admin gives you a role, send {commands.Pages} again.";

    public static string AsUsage(CommandNames commands) =>
        $"Send {commands.AsPage("<name or number>")} to post as a page, {commands.AsPage("me")} to post as yourself.";

    public static string Numbered(IReadOnlyList<LinkedInPage> pages)
    {
        var text = new StringBuilder("Your pages:");
        for (var i = 0; i < pages.Count; i++)
        {
            text.Append('\n').Append(i + 1).Append(". ").Append(pages[i].Name);
            if (pages[i].VanityName is { } vanity)
            {
                text.Append(" (").Append(vanity).Append(')');
            }
        }

        return text.ToString();
    }

    public static Chat.ChatReply List(IReadOnlyList<LinkedInPage> pages, LinkedInPage? current, CommandNames commands, bool stale)
    {
        if (pages.Count == 0)
        {
            return Chat.ChatReply.Info(NoPages("your LinkedIn account", commands));
        }

        var note = stale ? "\n(LinkedIn did not answer just now: this is the list from the last time it did.)" : string.Empty;
        var now = current is null ? "In this chat you post as yourself." : $"In this chat you post as {current.Name}.";
        return Chat.ChatReply.Info($"{Numbered(pages)}{note}\n{now} {AsUsage(commands)}");
    }

    /// <summary>The identity line of /status and a bare /as.</summary>
    public static string Identity(AccountLink link, LinkedInPage? current) =>
        current is null ? $"In this chat you post as yourself ({link.MemberName})." : $"In this chat you post as the page {current.Name}.";

    /// <summary>A 403 when publishing as a page: the member's role on it was most likely taken away.</summary>
    public static Chat.ChatReply PageRefused(string pageName, CommandNames commands) => Chat.ChatReply.Error(
        $"LinkedIn refused to publish as {pageName}: your account may no longer post for that page (a page admin may have removed your role). Nothing was published. The bot read your pages again: send {commands.Pages} to see them, or {commands.AsPage("me")} to post as yourself.");
}
