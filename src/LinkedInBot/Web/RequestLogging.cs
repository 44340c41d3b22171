using System.Diagnostics;

namespace LinkedInBot.Web;

/// <summary>
/// One log line per request with method, path, status and duration — never the query string, which carries
/// OAuth codes and states (ASP.NET's own request logging includes it, so BotApp holds it down for every provider).
/// </summary>
public static class RequestLogging
{
    public static IApplicationBuilder UseQuietRequestLogging(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("LinkedInBot.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation(
                    "HTTP {Method} {Path} answered {StatusCode} in {ElapsedMs:0} ms",
                    context.Request.Method,
                    context.Request.Path.Value,
                    context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
