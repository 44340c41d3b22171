namespace LinkedInBot.Core.Storage;

/// <summary>
/// The account links found recently, so a post does not read (and decrypt) its author's link from SQLite every
/// time: measured, a pooled connection plus the query were about a tenth of the bot's CPU per post with many
/// chats posting at once. Only this process writes links (one bot per database), so removing a user's entries
/// on every save and delete keeps the cache exact; a generation number keeps a read that raced a write from
/// putting the older row back. Bounded: past <see cref="MaxEntries"/> it starts over.
/// </summary>
internal sealed class AccountLinkCache
{
    private const int MaxEntries = 10_000;

    private readonly Dictionary<(string Platform, string UserId, string ChatId), AccountLink?> _entries = [];
    private long _generation;

    /// <summary>Taken before reading the database; <see cref="Remember"/> keeps the result only if no write came in between.</summary>
    public long Generation
    {
        get
        {
            lock (_entries)
            {
                return _generation;
            }
        }
    }

    /// <summary>True on a hit; <paramref name="link"/> is then null when the user is known to have no link.</summary>
    public bool TryGet(string platform, string userId, string chatId, out AccountLink? link)
    {
        lock (_entries)
        {
            return _entries.TryGetValue((platform, userId, chatId), out link);
        }
    }

    public void Remember(string platform, string userId, string chatId, AccountLink? link, long generation)
    {
        lock (_entries)
        {
            if (generation != _generation)
            {
                return;
            }

            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }

            _entries[(platform, userId, chatId)] = link;
        }
    }

    /// <summary>After any change to the user's links (committed or not: the database decides what is true).</summary>
    public void Forget(string platform, string userId)
    {
        lock (_entries)
        {
            _generation++;
            foreach (var key in _entries.Keys.Where(k => k.Platform == platform && k.UserId == userId).ToList())
            {
                _entries.Remove(key);
            }
        }
    }
}
