namespace LinkedInBot.Core.Chat;

/// <summary>The posting core as adapters see it: one request in, one reply out through <paramref name="send"/>.</summary>
public interface IChatBot
{
    /// <summary>
    /// Handles a request and delivers its reply through <paramref name="send"/>. Never throws for user
    /// errors: every outcome becomes a reply. For posts the reply is recorded in the ledger as delivered
    /// only after <paramref name="send"/> returns, so a crash in between is answered at the next start.
    /// </summary>
    Task HandleAsync(ChatRequest request, ChatReplySender send, CancellationToken cancellationToken);
}
