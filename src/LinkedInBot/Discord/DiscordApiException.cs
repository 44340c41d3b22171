using System.Net;

namespace LinkedInBot.Discord;

/// <summary>Discord answered a REST call with an error after the retries that made sense.</summary>
internal sealed class DiscordApiException(HttpStatusCode? status, int? code, string message)
    : Exception(message)
{
    public HttpStatusCode? Status { get; } = status;

    /// <summary>Discord's JSON error code, e.g. 50027 (invalid webhook token: the interaction expired).</summary>
    public int? Code { get; } = code;
}

/// <summary>An attachment that cannot go to LinkedIn; <see cref="Exception.Message"/> is written for the user.</summary>
internal sealed class AttachmentRejectedException(string userMessage) : Exception(userMessage);
