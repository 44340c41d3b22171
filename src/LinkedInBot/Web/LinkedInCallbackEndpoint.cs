using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Web;

/// <summary><c>GET /auth/linkedin/callback</c>: where LinkedIn sends the user back after the consent screen.</summary>
public static class LinkedInCallbackEndpoint
{
    public const string Path = "/auth/linkedin/callback";

    public static IEndpointRouteBuilder MapLinkedInCallback(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, HandleAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpRequest request, AccountLinking linking, KeyRingCheck keyRing, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        // The link's token is encrypted when it is saved: a key ring that broke since the start (a new key that cannot
        // be written to the keys folder) must be said before the single-use state is spent, not as an empty 500 after.
        if (keyRing.ProbeProblem() is { } problem)
        {
            loggers.CreateLogger(typeof(LinkedInCallbackEndpoint)).LogError("A sign-in could not be completed: {KeyRingProblem}", problem);
            return HtmlPage.Result(
                HtmlPage.Message(
                    "The bot cannot store your link right now",
                    HtmlPage.Tone.Problem,
                    "Nothing was connected: the bot's key ring, which encrypts LinkedIn tokens, is not working. The bot's log says its operator what to do.",
                    "Your sign-in link stays valid for a few minutes: reload this page once the operator has fixed it, or ask the bot for a new link later."),
                StatusCodes.Status503ServiceUnavailable);
        }

        // Not the request's abort token: the single-use state is consumed first, so a browser closed mid-way must
        // not cut off the code exchange, the saved link or the chat's "Linked as …" (LinkedIn calls are bounded by
        // LinkedIn:Resilience:TotalTimeout). Only the host stopping ends it.
        var query = request.Query;
        var completion = await linking.CompleteAsync(
            query["state"].ToString(),
            query["code"].ToString(),
            query["error"].ToString(),
            query["error_description"].ToString(),
            lifetime.ApplicationStopping);

        return completion switch
        {
            LinkCompletion.AwaitingCode awaiting => HtmlPage.Result(CodePage(awaiting)),
            LinkCompletion.Cancelled => HtmlPage.Result(HtmlPage.Message(
                "Linking cancelled",
                HtmlPage.Tone.Neutral,
                "Nothing was connected. Ask the bot for a new link in the chat whenever you want to try again.")),
            LinkCompletion.Failed failed => HtmlPage.Result(
                HtmlPage.Message("Linking failed", HtmlPage.Tone.Problem, failed.Message, "Go back to the chat and ask the bot for a new link."),
                StatusCodes.Status502BadGateway),
            _ => HtmlPage.Result(
                HtmlPage.Message(
                    "This link is invalid or expired",
                    HtmlPage.Tone.Problem,
                    $"Links from the bot work once and expire after {(int)AccountLinking.StateLifetime.TotalMinutes} minutes.",
                    "If you just signed in (this page was opened again), use the code it showed; otherwise go back to the chat and ask the bot for a new link."),
                StatusCodes.Status400BadRequest),
        };
    }

    /// <summary>The one-time code in <c>id="link-code"</c> (tests and browsers find it there), and Telegram's one-tap button.</summary>
    private static string CodePage(LinkCompletion.AwaitingCode awaiting)
    {
        var body = new System.Text.StringBuilder("<section class=\"card\">");
        body.Append("<h1>").Append(HtmlPage.Encode(awaiting.Title)).Append("</h1>");
        body.Append("<p>").Append(HtmlPage.Encode(awaiting.Paragraphs[0])).Append("</p>");
        body.Append("<p class=\"code\" id=\"link-code\">").Append(HtmlPage.Encode(awaiting.Code)).Append("</p>");
        foreach (var paragraph in awaiting.Paragraphs.Skip(1))
        {
            body.Append("<p>").Append(HtmlPage.Encode(paragraph)).Append("</p>");
        }

        if (awaiting.Shortcut is { } shortcut)
        {
            body.Append("<p><a class=\"button primary\" rel=\"noreferrer\" href=\"").Append(HtmlPage.Encode(shortcut.Url.AbsoluteUri)).Append("\">")
                .Append(HtmlPage.Encode(shortcut.Label)).Append("</a></p>");
        }

        body.Append("<p class=\"muted\">").Append(HtmlPage.Encode(awaiting.Warning)).Append("</p></section>");
        return HtmlPage.Document(awaiting.Title, body.ToString());
    }
}
