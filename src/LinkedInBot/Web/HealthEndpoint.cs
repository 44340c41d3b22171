using LinkedInBot.Core.Storage;

namespace LinkedInBot.Web;

/// <summary>
/// <c>GET /healthz</c> for Docker's HEALTHCHECK and uptime monitors: 200 when the configured database (SQLite or PostgreSQL) answers, 503 when not.
/// It says which parts are on, never where they are or any setting's value.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (IStorageDatabase database, CancellationToken cancellationToken) =>
        {
            var storage = await database.CanConnectAsync(cancellationToken);
            var body = new HealthReport(storage ? "healthy" : "unhealthy", storage ? "ok" : "unreachable");
            return Results.Json(body, statusCode: storage ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return endpoints;
    }

    private sealed record HealthReport(string Status, string Storage);
}
