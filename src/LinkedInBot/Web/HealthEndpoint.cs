using LinkedInBot.Core.Storage;

namespace LinkedInBot.Web;

/// <summary>
/// <c>GET /healthz</c> for Docker's HEALTHCHECK and uptime monitors: 200 when the configured database (SQLite or
/// PostgreSQL) can be written and the key ring works and reads the stored tokens; 503 otherwise, with a short reason
/// (<c>storage</c>: ok, unreachable, read-only, full, locked, failing; <c>keyRing</c>: ok, unusable, wrong). The log
/// says more. It says which parts are on, never where they are or any setting's value. Cheap: one rolled-back
/// transaction and one encryption round trip.
/// </summary>
public static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (IStorageDatabase database, KeyRingCheck keyRing, CancellationToken cancellationToken) =>
        {
            var storage = await database.ProbeWriteAsync(cancellationToken);
            var keys = keyRing.ProbeProblem() is not null ? "unusable"
                : keyRing.StoredTokensProblem is not null ? "wrong"
                : "ok";
            var healthy = storage.IsOk && keys == "ok";
            var body = new HealthReport(healthy ? "healthy" : "unhealthy", storage.State, keys);
            return Results.Json(body, statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        }).ExcludeFromDescription();
        return endpoints;
    }

    private sealed record HealthReport(string Status, string Storage, string KeyRing);
}
