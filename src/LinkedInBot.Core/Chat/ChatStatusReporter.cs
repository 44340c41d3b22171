using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Chat;

/// <summary>
/// Sends a request's status (<see cref="ChatReply.Status"/>) while long work runs, throttled: only when the words
/// change, at most one every <see cref="MinInterval"/> unless it is a milestone (a new phase), one at a time (a status
/// that comes while one is being sent waits, the latest wins). <see cref="CompleteAsync"/> waits until the one in flight
/// and the one waiting are out, and stops the rest, so no late status lands after the request's answer (on Discord it
/// would overwrite it) and the last one shown is the last one reported.
/// </summary>
/// <remarks>
/// Telegram lets a bot edit about one message a second per chat, and every edit is a call; two seconds keeps a 500 MB
/// upload to a few dozen edits.
/// </remarks>
public sealed class ChatStatusReporter(ChatReplySender send, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _gate = new();
    private string? _lastShown;
    private string? _pending;
    private DateTimeOffset? _lastSentAt;
    private Task _sending = Task.CompletedTask;
    private bool _inFlight;
    private bool _completed;

    /// <summary>Shows <paramref name="text"/> unless throttled; never blocks and never throws.</summary>
    public void Show(string text, bool milestone = false)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_completed || text == _lastShown || (!milestone && _lastSentAt is { } last && now - last < MinInterval))
            {
                return;
            }

            _lastShown = text;
            _lastSentAt = now;
            if (_inFlight)
            {
                _pending = text;
                return;
            }

            _inFlight = true;
            _sending = SendAsync(text);
        }
    }

    /// <summary>Waits for the status being sent (and the one waiting behind it); any later one is dropped.</summary>
    public async Task CompleteAsync()
    {
        Task sending;
        lock (_gate)
        {
            _completed = true;
            sending = _sending;
        }

        await sending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task SendAsync(string text)
    {
        // Off the reporting thread: the upload goes on while Telegram or Discord answers.
        await Task.Yield();
        while (true)
        {
            try
            {
                await send(ChatReply.Status(text), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("A status could not be shown: {ErrorType}", ex.GetType().Name);
            }
            catch (OperationCanceledException)
            {
                lock (_gate)
                {
                    _inFlight = false;
                }

                return;
            }

            lock (_gate)
            {
                if (_pending is null)
                {
                    _inFlight = false;
                    return;
                }

                text = _pending;
                _pending = null;
            }
        }
    }
}
