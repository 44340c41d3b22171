using System.Text;
using System.Text.Encodings.Web;

namespace LinkedInBot.Web;

/// <summary>
/// The small pages people open from a chat app on their phone: no external assets, every echoed value encoded.
/// </summary>
public static class HtmlPage
{
    private const string Style = """
        :root{color-scheme:light dark;--fg:#1d2226;--bg:#f4f2ee;--card:#fff;--accent:#0a66c2;--muted:#5e6b73;--ok:#057642;--bad:#b24020}
        @media (prefers-color-scheme:dark){:root{--fg:#e9e6e2;--bg:#1b1f23;--card:#2a2f35;--muted:#a7b0b8}}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        main{max-width:34rem;margin:0 auto;padding:1.25rem}
        .card{background:var(--card);border-radius:12px;padding:1.25rem 1.25rem 1rem;box-shadow:0 1px 3px rgba(0,0,0,.12);margin:0 0 1rem}
        h1{font-size:1.35rem;margin:0 0 .5rem}p{margin:.5rem 0}.muted{color:var(--muted);font-size:.9rem}
        .ok h1{color:var(--ok)}.bad h1{color:var(--bad)}
        button,.button{display:inline-block;font:inherit;font-weight:600;border:0;border-radius:999px;padding:.6rem 1.4rem;margin:.25rem .5rem .25rem 0;cursor:pointer;text-decoration:none}
        .primary{background:var(--accent);color:#fff}.secondary{background:transparent;color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
        .code{font:700 2rem/1.2 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;letter-spacing:.2em;margin:1rem 0;user-select:all}
        .post{white-space:pre-wrap;overflow-wrap:anywhere}.post-image{display:block;width:100%;border-radius:8px;margin-top:.5rem}.hashtag{font-weight:600}.article-card{display:block;border:1px solid #ddd;border-radius:8px;margin-top:.5rem;padding-bottom:.5rem;color:inherit;text-decoration:none}.article-card .post-image{margin-top:0;border-radius:8px 8px 0 0}.article-title,.article-description,.article-host{display:block;padding:0 .75rem;margin-top:.4rem}.image-grid{display:grid;grid-template-columns:repeat(2,1fr);gap:4px;margin-top:.5rem}.image-grid .post-image{margin-top:0;height:100%;object-fit:cover}
        """;

    public enum Tone
    {
        Neutral,
        Success,
        Problem,
    }

    /// <summary>A page with a heading and paragraphs of plain text (encoded here).</summary>
    public static string Message(string title, Tone tone, params string[] paragraphs)
    {
        var body = new StringBuilder();
        body.Append("<section class=\"card ").Append(tone switch { Tone.Success => "ok", Tone.Problem => "bad", _ => string.Empty }).Append("\">");
        body.Append("<h1>").Append(Encode(title)).Append("</h1>");
        foreach (var paragraph in paragraphs)
        {
            body.Append("<p>").Append(Encode(paragraph)).Append("</p>");
        }

        body.Append("</section>");
        return Document(title, body.ToString());
    }

    /// <summary>A whole document around <paramref name="bodyHtml"/>, which the caller has already encoded.</summary>
    public static string Document(string title, string bodyHtml) =>
        $"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="referrer" content="no-referrer"><title>{Encode(title)} · LinkedInBot</title><style>{Style}</style></head>
        <body><main>{bodyHtml}</main></body></html>
        """;

    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>Writes a page with headers that keep it out of caches and frames.</summary>
    public static IResult Result(string html, int statusCode = StatusCodes.Status200OK) =>
        new HtmlResult(html, statusCode);

    private sealed class HtmlResult(string html, int statusCode) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = statusCode;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.CacheControl = "no-store";
            response.Headers["X-Content-Type-Options"] = "nosniff";
            response.Headers["X-Frame-Options"] = "DENY";
            response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
            return response.WriteAsync(html, httpContext.RequestAborted);
        }
    }
}
