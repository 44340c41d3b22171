using LinkedInBot.Core.Chat;

namespace LinkedInBot.Discord;

/// <summary>Small pieces shared by the command handlers.</summary>
internal static class DiscordResponses
{
    public static InteractionResponse EphemeralError(string text) =>
        InteractionResponse.Message(DiscordReplyFormatter.ToMessage(ChatReply.Error(text), InteractionResponse.Ephemeral));

    /// <summary>A downloaded image; its buffer is visible to the core, which takes it without a copy.</summary>
    public static ChatImage InMemoryImage(string fileName, byte[] bytes) =>
        new(fileName, bytes.LongLength, _ => Task.FromResult<Stream>(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true)));

    /// <summary>Awaits an image download; on failure tells the user why through <paramref name="channel"/> and returns null.</summary>
    public static async Task<byte[]?> DownloadOrExplainAsync(Func<Task<byte[]>> download, InteractionReplyChannel channel, CancellationToken cancellationToken)
    {
        string problem;
        try
        {
            return await download();
        }
        catch (AttachmentRejectedException ex)
        {
            problem = ex.Message;
        }
        // ExecutionRejectedException: the CDN client's resilience handler gave up (a timeout) or refused (open circuit).
        catch (Exception ex) when (ex is HttpRequestException or TimeoutException or Polly.ExecutionRejectedException or IOException)
        {
            problem = "The image could not be downloaded from Discord. Nothing was published; please try again.";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Not ours: a share form's download ends with its cache entry (15 minutes, or pushed out by newer shares).
            problem = "The image of that message is no longer at hand. Use Share to LinkedIn on the message again. Nothing was published.";
        }

        await channel.SendAsync(ChatReply.Error(problem), cancellationToken);
        return null;
    }
}
