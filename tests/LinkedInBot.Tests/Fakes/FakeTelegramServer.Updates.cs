using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Fakes;

/// <summary>A Telegram user of the fake server.</summary>
public sealed record FakeTelegramUser(long Id, string FirstName, string? Username = null, string? LastName = null);

/// <summary>A chat: private chats have the user's id, groups negative ids (supergroups -100…).</summary>
public sealed record FakeTelegramChat(long Id, string Type, string? Title = null)
{
    public static FakeTelegramChat Private(FakeTelegramUser user) => new(user.Id, "private");

    public static FakeTelegramChat Group(long id, string title = "Team") => new(id, "group", title);

    public static FakeTelegramChat Supergroup(long id, string title = "Team") => new(id, "supergroup", title);
}

/// <summary>A message a user sent, as queued for getUpdates (or to POST to a webhook).</summary>
public sealed record FakeTelegramMessage(int UpdateId, int MessageId, JsonObject Update)
{
    public JsonObject Message => (JsonObject)Update["message"]!;
}

public sealed partial class FakeTelegramServer
{
    /// <summary>The user sends <paramref name="text"/>; a leading command gets its bot_command entity like in real clients.</summary>
    public FakeTelegramMessage UserSends(FakeTelegramChat chat, FakeTelegramUser user, string text, FakeTelegramMessage? replyTo = null) =>
        Queue(TextMessage(chat, user, text, replyTo));

    /// <summary>
    /// Many users' messages, built but not queued yet: <see cref="EnqueueAll"/> then queues them in one step, as a
    /// burst reaches Telegram's servers, so a benchmark's clock need not time this fake building JSON.
    /// </summary>
    public IReadOnlyList<JsonObject> TextUpdates(IEnumerable<(FakeTelegramChat Chat, FakeTelegramUser User, string Text)> messages) =>
        messages.Select(m => new JsonObject { ["message"] = TextMessage(m.Chat, m.User, m.Text, null) }).ToList();

    /// <summary>Queues every update at once (each gets its update_id here), waking a waiting getUpdates once.</summary>
    public void EnqueueAll(IReadOnlyList<JsonObject> updates)
    {
        lock (_updatesGate)
        {
            foreach (var update in updates)
            {
                update["update_id"] = _nextUpdateId++;
                _pendingUpdates.Add(update);
            }

            _updatesArrived.TrySetResult();
            _updatesArrived = NewSignal();
        }
    }

    /// <summary>The user sends a photo (sizes from <see cref="AddPhotoSizes"/>) with an optional caption.</summary>
    public FakeTelegramMessage UserSendsPhoto(FakeTelegramChat chat, FakeTelegramUser user, JsonArray photoSizes, string? caption = null, FakeTelegramMessage? replyTo = null)
    {
        var message = NewMessage(chat, user, replyTo);
        message["photo"] = photoSizes.DeepClone();
        if (caption is not null)
        {
            message["caption"] = caption;
            if (CommandEntity(caption) is { } entity)
            {
                message["caption_entities"] = new JsonArray(entity);
            }
        }

        return Queue(message);
    }

    /// <summary>
    /// The user sends an album: one message (one update) per photo, all sharing a new <c>media_group_id</c>, the
    /// caption on the item at <paramref name="captionIndex"/>, as Telegram delivers media groups (no end marker).
    /// </summary>
    public IReadOnlyList<FakeTelegramMessage> UserSendsAlbum(FakeTelegramChat chat, FakeTelegramUser user, IReadOnlyList<JsonArray> photos, string? caption, int captionIndex = 0)
    {
        var group = "1" + Interlocked.Increment(ref _nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000";
        return photos.Select((photo, i) => UserSendsAlbumItem(chat, user, group, photo: photo, caption: i == captionIndex ? caption : null)).ToList();
    }

    /// <summary>One item of the album <paramref name="group"/>: a photo, or a video (<paramref name="videoFileId"/>).</summary>
    public FakeTelegramMessage UserSendsAlbumItem(FakeTelegramChat chat, FakeTelegramUser user, string group, JsonArray? photo = null, string? videoFileId = null, string? caption = null)
    {
        var message = NewMessage(chat, user, null);
        message["media_group_id"] = group;
        if (photo is not null)
        {
            message["photo"] = photo.DeepClone();
        }

        if (videoFileId is not null)
        {
            message["video"] = new JsonObject { ["file_id"] = videoFileId, ["file_unique_id"] = "u" + videoFileId, ["width"] = 640, ["height"] = 360, ["duration"] = 5 };
        }

        SetCaption(message, caption);
        return Queue(message);
    }

    /// <summary>The user sends a file (<c>message.document</c>) with an optional caption; returns the message.</summary>
    public FakeTelegramMessage UserSendsDocument(FakeTelegramChat chat, FakeTelegramUser user, byte[] content, string fileName, string mimeType, string? caption = null, long? declaredSize = null)
    {
        var id = AddFile(content, declaredSize, Path.GetExtension(fileName).TrimStart('.'));
        var message = NewMessage(chat, user, null);
        message["document"] = new JsonObject
        {
            ["file_id"] = id,
            ["file_unique_id"] = "u" + id,
            ["file_name"] = fileName,
            ["mime_type"] = mimeType,
            ["file_size"] = declaredSize ?? content.Length,
        };
        SetCaption(message, caption);
        return Queue(message);
    }

    private static void SetCaption(JsonObject message, string? caption)
    {
        if (caption is not null)
        {
            message["caption"] = caption;
            if (CommandEntity(caption) is { } entity)
            {
                message["caption_entities"] = new JsonArray(entity);
            }
        }
    }

    /// <summary>
    /// A message as it was sent earlier, for use as reply_to_message, without queueing it (a user replying
    /// to a message the bot never saw, as with privacy mode in groups).
    /// </summary>
    public FakeTelegramMessage EarlierMessage(FakeTelegramChat chat, FakeTelegramUser user, string? text = null, JsonArray? photoSizes = null, string? caption = null)
    {
        var message = NewMessage(chat, user, null);
        if (text is not null)
        {
            message["text"] = text;
        }

        if (photoSizes is not null)
        {
            message["photo"] = photoSizes.DeepClone();
        }

        if (caption is not null)
        {
            message["caption"] = caption;
        }

        return new FakeTelegramMessage(0, (int)message["message_id"]!, new JsonObject { ["message"] = message });
    }

    /// <summary>
    /// Registers a photo in three sizes (smallest first, as Telegram sends them); only the largest carries
    /// <paramref name="largest"/>. <paramref name="declaredSize"/> overrides its announced file_size.
    /// </summary>
    public JsonArray AddPhotoSizes(byte[] largest, long? declaredSize = null)
    {
        var sizes = new JsonArray();
        foreach (var (width, content) in new[] { (90, new byte[] { 1 }), (320, new byte[] { 2, 2 }), (1280, largest) })
        {
            var isLargest = ReferenceEquals(content, largest);
            var id = AddFile(content, isLargest ? declaredSize : null);
            sizes.Add(new JsonObject
            {
                ["file_id"] = id,
                ["file_unique_id"] = "u" + id,
                ["width"] = width,
                ["height"] = width * 3 / 4,
                ["file_size"] = isLargest ? declaredSize ?? content.Length : content.Length,
            });
        }

        return sizes;
    }

    /// <summary>Wraps a message in an update with the next update_id, without queueing it (for webhook deliveries).</summary>
    public FakeTelegramMessage WebhookUpdate(FakeTelegramChat chat, FakeTelegramUser user, string text)
    {
        var message = NewMessage(chat, user, null);
        message["text"] = text;
        if (CommandEntity(text) is { } entity)
        {
            message["entities"] = new JsonArray(entity);
        }

        int id;
        lock (_updatesGate)
        {
            id = _nextUpdateId++;
        }

        return new FakeTelegramMessage(id, (int)message["message_id"]!, new JsonObject { ["update_id"] = id, ["message"] = message });
    }

    /// <summary>
    /// The user presses an inline callback button (data from <see cref="TelegramCall.CallbackButtons"/>) under a bot
    /// message in <paramref name="chat"/>: a <c>callback_query</c> update. Returns the update id.
    /// </summary>
    public int UserPresses(FakeTelegramChat chat, FakeTelegramUser user, string data)
    {
        var message = NewMessage(chat, user, null);
        message["from"] = new JsonObject { ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "LinkedIn Test Bot", ["username"] = BotUsername };
        message["text"] = "(the bot's message with the button)";
        var from = new JsonObject { ["id"] = user.Id, ["is_bot"] = false, ["first_name"] = user.FirstName };
        var query = new JsonObject
        {
            ["id"] = "cq" + Interlocked.Increment(ref _nextMessageId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["from"] = from,
            ["message"] = message,
            ["chat_instance"] = "ci-" + chat.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["data"] = data,
        };
        return Enqueue(new JsonObject { ["callback_query"] = query });
    }

    private JsonObject TextMessage(FakeTelegramChat chat, FakeTelegramUser user, string text, FakeTelegramMessage? replyTo)
    {
        var message = NewMessage(chat, user, replyTo);
        message["text"] = text;
        if (CommandEntity(text) is { } entity)
        {
            message["entities"] = new JsonArray(entity);
        }

        return message;
    }

    private FakeTelegramMessage Queue(JsonObject message)
    {
        var update = new JsonObject { ["message"] = message };
        var id = Enqueue(update);
        return new FakeTelegramMessage(id, (int)message["message_id"]!, update);
    }

    private JsonObject NewMessage(FakeTelegramChat chat, FakeTelegramUser user, FakeTelegramMessage? replyTo)
    {
        var from = new JsonObject { ["id"] = user.Id, ["is_bot"] = false, ["first_name"] = user.FirstName };
        if (user.LastName is not null)
        {
            from["last_name"] = user.LastName;
        }

        if (user.Username is not null)
        {
            from["username"] = user.Username;
        }

        var chatJson = new JsonObject { ["id"] = chat.Id, ["type"] = chat.Type };
        if (chat.Type == "private")
        {
            chatJson["first_name"] = user.FirstName;
        }
        else
        {
            chatJson["title"] = chat.Title;
        }

        var message = new JsonObject
        {
            ["message_id"] = Interlocked.Increment(ref _nextMessageId),
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["chat"] = chatJson,
            ["from"] = from,
        };
        if (replyTo is not null)
        {
            message["reply_to_message"] = replyTo.Message.DeepClone();
        }

        return message;
    }

    private static JsonObject? CommandEntity(string text)
    {
        if (!text.StartsWith('/'))
        {
            return null;
        }

        var length = text.IndexOfAny([' ', '\n']);
        return new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length < 0 ? text.Length : length };
    }
}
