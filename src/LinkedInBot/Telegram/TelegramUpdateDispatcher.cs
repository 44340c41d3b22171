using Telegram.Bot.Types;

namespace LinkedInBot.Telegram;

/// <summary>What became of an update handed to <see cref="TelegramUpdateDispatcher.EnqueueAsync"/>.</summary>
internal enum TelegramEnqueueResult
{
    /// <summary>Queued; it will be handled in its chat's order.</summary>
    Accepted,

    /// <summary>Queued before (a redelivery): skipped.</summary>
    Duplicate,

    /// <summary>Not a message with a chat: nothing to answer.</summary>
    NotHandled,

    /// <summary>The dispatcher is draining for shutdown; the sender should deliver it again later.</summary>
    ShuttingDown,
}

/// <summary>
/// Runs updates the way Telegram itself delivers webhooks: one chat strictly in order, different chats in
/// parallel up to a bound (grammY's <c>sequentialize</c>). The receiver only enqueues, so a slow LinkedIn
/// call holds up its own chat and nobody else's. Memory stays bounded: at most <c>capacity</c> updates wait
/// or run, and <see cref="EnqueueAsync"/> waits for room, which pauses the poll loop (backpressure).
/// Update ids already queued are skipped (Telegram redelivers on webhook errors and after restarts).
/// </summary>
internal sealed class TelegramUpdateDispatcher : IDisposable
{
    private readonly Func<Update, CancellationToken, Task> _handle;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _room;
    private readonly SemaphoreSlim _slots;
    private readonly RecentUpdateIds _seen;
    private readonly Dictionary<long, Queue<Update>> _chats = [];
    private readonly SortedSet<int> _unfinished = [];
    private int? _lowestAbandoned;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _stopping;

    public TelegramUpdateDispatcher(Func<Update, CancellationToken, Task> handle, int maxConcurrentChats, int capacity, ILogger logger)
    {
        _handle = handle;
        _logger = logger;
        _room = new SemaphoreSlim(capacity, capacity);

        // At least every update that can be waiting, so a redelivery of one still queued is always recognised.
        _seen = new RecentUpdateIds(Math.Max(10_000, capacity));
        _slots = new SemaphoreSlim(maxConcurrentChats, maxConcurrentChats);
    }

    /// <summary>
    /// The smallest update id accepted but not finished — still queued or running, or given up at shutdown (never
    /// started, or cancelled mid-handler): polling must not confirm it, so Telegram delivers it again at the next
    /// start. Updates after it that did finish then come again too; the dispatcher of that run handles them again
    /// (a post is not published twice: the core's ledger knows it), a repeated answer being better than a lost one.
    /// </summary>
    public int? LowestUnfinishedUpdateId
    {
        get
        {
            lock (_chats)
            {
                int? running = _unfinished.Count == 0 ? null : _unfinished.Min;
                return running is { } id && _lowestAbandoned is { } abandoned ? Math.Min(id, abandoned) : running ?? _lowestAbandoned;
            }
        }
    }

    /// <summary>Accepts an update, waiting while the buffer is full.</summary>
    public async ValueTask<TelegramEnqueueResult> EnqueueAsync(Update update, CancellationToken cancellationToken)
    {
        if (ChatOf(update) is not { } chatId)
        {
            return TelegramEnqueueResult.NotHandled;
        }

        lock (_chats)
        {
            if (_stopping)
            {
                return TelegramEnqueueResult.ShuttingDown;
            }

            if (_seen.Contains(update.Id))
            {
                return TelegramEnqueueResult.Duplicate;
            }
        }

        // The id counts as seen only once the update is queued, below. A webhook redelivery that comes while
        // an earlier delivery of it still waits here therefore waits too, instead of being acknowledged as a
        // duplicate: whichever gets room first queues it and the other finds it seen. Had the earlier one
        // marked it at once, Telegram giving up on that request (which cancels its wait) would lose the update.
        await _room.WaitAsync(cancellationToken);

        lock (_chats)
        {
            if (_stopping)
            {
                _room.Release();
                return TelegramEnqueueResult.ShuttingDown;
            }

            if (!_seen.Add(update.Id))
            {
                _room.Release();
                return TelegramEnqueueResult.Duplicate;
            }

            _unfinished.Add(update.Id);
            if (_chats.TryGetValue(chatId, out var waiting))
            {
                waiting.Enqueue(update);
                return TelegramEnqueueResult.Accepted;
            }

            _chats[chatId] = new Queue<Update>();
        }

        _ = Task.Run(() => RunChatAsync(chatId, update), CancellationToken.None);
        return TelegramEnqueueResult.Accepted;
    }

    /// <summary>
    /// Stops taking updates and lets those already accepted finish within <paramref name="gracePeriod"/>;
    /// then cancels the rest. Anything a cancellation cuts off mid-post is resumed from the core's ledger.
    /// </summary>
    public async Task DrainAsync(TimeSpan gracePeriod)
    {
        lock (_chats)
        {
            _stopping = true;
            if (_unfinished.Count == 0)
            {
                _idle.TrySetResult();
            }
        }

        try
        {
            await _idle.Task.WaitAsync(gracePeriod);
            return;
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Telegram updates still running after {GracePeriod}; cancelling them.", gracePeriod);
        }

        await _abort.CancelAsync();
        try
        {
            await _idle.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Telegram updates did not stop after cancellation; leaving them behind.");
        }
    }

    // The semaphores are left alone: they hold no wait handle, and a handler the drain left behind still releases them
    // when it ends; disposed, that release would throw inside its task.
    public void Dispose() => _abort.Dispose();

    // Chat is declared non-null, but an update without "chat" deserializes with Chat null (measured).
    private static long? ChatOf(Update update) => update.Message?.Chat?.Id;

    private async Task RunChatAsync(long chatId, Update update)
    {
        while (true)
        {
            await _slots.WaitAsync();
            try
            {
                if (!_abort.IsCancellationRequested)
                {
                    await _handle(update, _abort.Token);
                }
                else
                {
                    // Queued but never started within the grace period, so no ledger row exists for it. Polling does not
                    // confirm it (LowestUnfinishedUpdateId) unless an earlier poll already did; a webhook delivery was
                    // acknowledged. Said, so the operator can tell who may have to send it again.
                    Abandon(update.Id);
                    _logger.LogWarning("Telegram update {UpdateId} in chat {ChatId} was not handled before shutdown and is dropped; in polling mode Telegram delivers it again at the next start if it was not yet confirmed, otherwise it has to be sent again.", update.Id, chatId);
                }
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                Abandon(update.Id);
                _logger.LogInformation("Telegram update {UpdateId} was cancelled by shutdown.", update.Id);
            }
            catch (Exception e)
            {
                // The handler logs its own failures; this keeps one bad update from stopping its chat.
                _logger.LogError("Telegram update {UpdateId} failed: {Error}.", update.Id, TelegramErrors.Describe(e));
            }
            finally
            {
                _slots.Release();
            }

            lock (_chats)
            {
                _unfinished.Remove(update.Id);
                _room.Release();
                var waiting = _chats[chatId];
                if (waiting.Count == 0)
                {
                    _chats.Remove(chatId);
                    if (_stopping && _unfinished.Count == 0)
                    {
                        _idle.TrySetResult();
                    }

                    return;
                }

                update = waiting.Dequeue();
            }
        }
    }

    private void Abandon(int updateId)
    {
        lock (_chats)
        {
            _lowestAbandoned = Math.Min(_lowestAbandoned ?? updateId, updateId);
        }
    }

    /// <summary>The last N update ids, in a set for lookup and a queue for forgetting the oldest.</summary>
    private sealed class RecentUpdateIds(int capacity)
    {
        private readonly HashSet<int> _ids = [];
        private readonly Queue<int> _order = new();

        public bool Add(int id)
        {
            if (!_ids.Add(id))
            {
                return false;
            }

            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _ids.Remove(_order.Dequeue());
            }

            return true;
        }

        public bool Contains(int id) => _ids.Contains(id);
    }
}
