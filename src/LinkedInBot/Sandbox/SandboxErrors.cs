namespace LinkedInBot.Sandbox;

/// <summary>Error bodies shaped like LinkedIn's (linkedin-api.md §1 and §7), so the real client's mapping is exercised.</summary>
internal static class SandboxErrors
{
    /// <summary>The OAuth endpoints answer <c>{error, error_description}</c>.</summary>
    public static IResult OAuth(int status, string error, string description) =>
        Results.Json(new Dictionary<string, object> { ["error"] = error, ["error_description"] = description }, statusCode: status);

    /// <summary>The REST endpoints answer <c>{status, serviceErrorCode?, code, message}</c>.</summary>
    public static IResult Rest(int status, string code, string message, int? serviceErrorCode = null)
    {
        var body = new Dictionary<string, object> { ["status"] = status, ["code"] = code, ["message"] = message };
        if (serviceErrorCode is { } service)
        {
            body["serviceErrorCode"] = service;
        }

        return Results.Json(body, statusCode: status);
    }

    public static IResult AccessDenied(string resource) =>
        Rest(StatusCodes.Status403Forbidden, "ACCESS_DENIED", $"Not enough permissions to access: {resource}", 100);

    public static IResult BadRequest(string message) => Rest(StatusCodes.Status400BadRequest, "BAD_REQUEST", message);

    /// <summary>422 with the duplicate's URN in the message, the way LinkedIn reports a re-posted text.</summary>
    public static IResult DuplicatePost(string originalUrn) => Results.Json(
        new Dictionary<string, object>
        {
            ["status"] = 422,
            ["message"] = $"ERROR :: /commentary :: Content is a duplicate of {originalUrn}",
            ["errorDetailType"] = "com.linkedin.common.error.BadRequest",
            ["errorDetails"] = new Dictionary<string, object>
            {
                ["inputErrors"] = new object[]
                {
                    new Dictionary<string, object>
                    {
                        ["description"] = "Duplicate post is detected",
                        ["input"] = new Dictionary<string, object> { ["inputPath"] = new Dictionary<string, string> { ["fieldPath"] = "/commentary" } },
                        ["code"] = "DUPLICATE_POST",
                    },
                },
            },
        },
        statusCode: StatusCodes.Status422UnprocessableEntity);
}
