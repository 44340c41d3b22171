using System.Data.Common;
using Dapper;
using LinkedInBot.Core.Chat;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// How the post-control stores reach their database: SQLite's writes go through its group commit, PostgreSQL's are
/// plain statements. The statements themselves read the same on both (booleans travel as parameters).
/// </summary>
internal interface IStatementRunner
{
    Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken);

    Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken);
}

internal sealed class SqliteStatementRunner(SqliteDatabase database) : IStatementRunner
{
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        database.WriteAsync((connection, ct) => write(connection, ct), cancellationToken);
}

internal sealed class PostgresStatementRunner(PostgresDatabase database) : IStatementRunner
{
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await read(connection, cancellationToken);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, CancellationToken, Task<T>> write, CancellationToken cancellationToken) =>
        ReadAsync(write, cancellationToken);
}

/// <summary><see cref="IPostHistory"/> over the post ledger's published rows, for either provider.</summary>
internal abstract class PostHistoryStore(IStatementRunner db, ITokenProtector protector) : IPostHistory
{
    private const string Select = """
        SELECT id AS Id, platform AS Platform, chat_id AS ChatId, user_id AS UserId, message_id AS MessageId,
               reply_context AS ReplyContext, text AS Text, outcome_urn AS Urn, outcome_url AS Url,
               created_at AS CreatedAt, edited_at AS EditedAt, deleted_at AS DeletedAt,
               CASE WHEN image_urn IS NULL AND attachment_urns IS NULL THEN 0 ELSE 1 END AS HasImage, image_name AS ImageName
        FROM post_ledger
        """;

    private const string Published = "outcome_kind = 'published'";

    public Task<PublishedPost?> FindAsync(long number, CancellationToken cancellationToken) =>
        OneAsync($"{Select} WHERE id = @Number AND {Published}", new { Number = number }, cancellationToken);

    public Task<PublishedPost?> FindByMessageAsync(string platform, string chatId, string messageId, CancellationToken cancellationToken) =>
        OneAsync($"{Select} WHERE platform = @Platform AND chat_id = @ChatId AND message_id = @MessageId AND {Published}", new { Platform = platform, ChatId = chatId, MessageId = messageId }, cancellationToken);

    public Task<PublishedPost?> FindByUrnAsync(string platform, string userId, string urn, CancellationToken cancellationToken) =>
        OneAsync($"{Select} WHERE platform = @Platform AND user_id = @UserId AND outcome_urn = @Urn AND {Published} ORDER BY id DESC LIMIT 1", new { Platform = platform, UserId = userId, Urn = urn }, cancellationToken);

    public Task<IReadOnlyList<PublishedPost>> RecentAsync(string platform, string userId, int count, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<PublishedPost>>(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE platform = @Platform AND user_id = @UserId AND {Published} ORDER BY id DESC LIMIT @Count",
                    new { Platform = platform, UserId = userId, Count = count },
                    cancellationToken: ct));
                return rows.Select(ToPost).ToList();
            },
            cancellationToken);

    public Task<bool> MarkDeletedAsync(long number, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (connection, ct) => await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE post_ledger SET deleted_at = @Now, updated_at = @Now WHERE id = @Number AND deleted_at IS NULL",
                new { Number = number, Now = StoredTime.ToText(now) },
                cancellationToken: ct)) == 1,
            cancellationToken);

    public Task SetImageNameAsync(long number, string imageName, CancellationToken cancellationToken) =>
        db.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE post_ledger SET image_name = @ImageName WHERE id = @Number",
                new { Number = number, ImageName = imageName },
                cancellationToken: ct)),
            cancellationToken);

    public Task MarkEditedAsync(long number, string text, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                "UPDATE post_ledger SET text = @Text, edited_at = @Now, updated_at = @Now WHERE id = @Number",
                new { Number = number, Text = text, Now = StoredTime.ToText(now) },
                cancellationToken: ct)),
            cancellationToken);

    private Task<PublishedPost?> OneAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (connection, ct) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct));
                return row is null ? null : ToPost(row);
            },
            cancellationToken);

    private PublishedPost ToPost(Row row) => new(
        row.Id,
        new ChatAddress(row.Platform, row.ChatId, row.UserId, row.ReplyContext is null ? null : protector.Unprotect(row.ReplyContext)),
        row.MessageId,
        row.Text,
        row.Urn,
        new Uri(row.Url, UriKind.RelativeOrAbsolute),
        StoredTime.FromText(row.CreatedAt),
        row.EditedAt is null ? null : StoredTime.FromText(row.EditedAt),
        row.DeletedAt is null ? null : StoredTime.FromText(row.DeletedAt),
        row.HasImage != 0,
        row.ImageName);

    private sealed class Row
    {
        public long Id { get; set; }
        public string Platform { get; set; } = "";
        public string ChatId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? ReplyContext { get; set; }
        public string Text { get; set; } = "";
        public string Urn { get; set; } = "";
        public string Url { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? EditedAt { get; set; }
        public string? DeletedAt { get; set; }
        public long HasImage { get; set; }
        public string? ImageName { get; set; }
    }
}

internal sealed class SqlitePostHistory(SqliteDatabase database, ITokenProtector protector) : PostHistoryStore(new SqliteStatementRunner(database), protector);

internal sealed class PostgresPostHistory(PostgresDatabase database, ITokenProtector protector) : PostHistoryStore(new PostgresStatementRunner(database), protector);

/// <summary><see cref="IWaitingPostStore"/> for either provider; reply context and image reference only as ciphertext.</summary>
internal abstract class WaitingPostStore(IStatementRunner db, ITokenProtector protector) : IWaitingPostStore
{
    private const string Select = """
        SELECT id AS Id, platform AS Platform, chat_id AS ChatId, user_id AS UserId, message_id AS MessageId,
               reply_context AS ReplyContext, display_name AS DisplayName, is_group AS IsGroup, text AS Text,
               image_name AS ImageName, image_length AS ImageLength, image_reference AS ImageReference,
               state AS State, due_at AS DueAt, created_at AS CreatedAt
        FROM scheduled_posts
        """;

    public async Task<(WaitingPost Post, bool Created)> AddAsync(WaitingPost post, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string insert = """
            INSERT INTO scheduled_posts (platform, chat_id, user_id, message_id, reply_context, display_name, is_group, text,
                                         image_name, image_length, image_reference, state, due_at, created_at, updated_at)
            VALUES (@Platform, @ChatId, @UserId, @MessageId, @ReplyContext, @DisplayName, @IsGroup, @Text,
                    @ImageName, @ImageLength, @ImageReference, @State, @DueAt, @Now, @Now)
            ON CONFLICT (platform, chat_id, message_id) DO NOTHING
            RETURNING id
            """;
        var address = post.Address;
        var stamp = StoredTime.ToText(now);
        var id = await db.WriteAsync(
            (connection, ct) => connection.ExecuteScalarAsync<long?>(new CommandDefinition(
                insert,
                new
                {
                    address.Platform,
                    address.ChatId,
                    address.UserId,
                    post.MessageId,
                    ReplyContext = address.ReplyContext is { } context ? protector.Protect(context) : null,
                    post.DisplayName,
                    IsGroup = post.IsGroupChat,
                    post.Text,
                    ImageName = post.Image?.FileName,
                    ImageLength = post.Image?.DeclaredLength,
                    ImageReference = post.Image is { } image ? protector.Protect(image.Reference) : null,
                    State = StateName(post.State),
                    DueAt = post.DueAt is { } due ? StoredTime.ToText(due) : null,
                    Now = stamp,
                },
                cancellationToken: ct)),
            cancellationToken);
        if (id is { } created)
        {
            return (post with { Number = created, CreatedAt = StoredTime.FromText(stamp) }, true);
        }

        var existing = await OneAsync($"{Select} WHERE platform = @Platform AND chat_id = @ChatId AND message_id = @MessageId", new { address.Platform, address.ChatId, post.MessageId }, cancellationToken)
            ?? throw new InvalidOperationException("The waiting post that blocked the insert has vanished.");
        return (existing, false);
    }

    public Task<WaitingPost?> FindAsync(long number, CancellationToken cancellationToken) =>
        OneAsync($"{Select} WHERE id = @Number", new { Number = number }, cancellationToken);

    public Task<IReadOnlyList<WaitingPost>> ListAsync(string platform, string userId, IReadOnlyCollection<WaitingPostState> states, CancellationToken cancellationToken) =>
        db.ReadAsync<IReadOnlyList<WaitingPost>>(
            async (connection, ct) =>
            {
                var rows = await connection.QueryAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE platform = @Platform AND user_id = @UserId AND state IN ({StateList(states)}) ORDER BY due_at IS NULL, due_at, id",
                    new { Platform = platform, UserId = userId },
                    cancellationToken: ct));
                return rows.Select(ToPost).ToList();
            },
            cancellationToken);

    public Task<bool> MoveAsync(long number, IReadOnlyCollection<WaitingPostState> from, WaitingPostState to, DateTimeOffset? dueAt, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(
            async (connection, ct) => await connection.ExecuteAsync(new CommandDefinition(
                $"UPDATE scheduled_posts SET state = @To, due_at = COALESCE(@DueAt, due_at), updated_at = @Now WHERE id = @Number AND state IN ({StateList(from)})",
                new
                {
                    Number = number,
                    To = StateName(to),
                    DueAt = dueAt is { } due ? StoredTime.ToText(due) : null,
                    Now = StoredTime.ToText(now),
                },
                cancellationToken: ct)) == 1,
            cancellationToken);

    // The states' fixed names as literals: Dapper would send a list as one array parameter to PostgreSQL ("IN $3"), and
    // "= ANY(@x)" is PostgreSQL's alone. Never user input.
    private static string StateList(IReadOnlyCollection<WaitingPostState> states) =>
        states.Count == 0 ? "NULL" : string.Join(", ", states.Select(state => "'" + StateName(state) + "'"));

    internal static string StateName(WaitingPostState state) => state switch
    {
        WaitingPostState.Draft => "draft",
        WaitingPostState.Scheduled => "scheduled",
        WaitingPostState.Late => "late",
        WaitingPostState.Publishing => "publishing",
        WaitingPostState.Published => "published",
        WaitingPostState.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown state."),
    };

    private static WaitingPostState ParseState(string name) => name switch
    {
        "draft" => WaitingPostState.Draft,
        "scheduled" => WaitingPostState.Scheduled,
        "late" => WaitingPostState.Late,
        "publishing" => WaitingPostState.Publishing,
        "published" => WaitingPostState.Published,
        "cancelled" => WaitingPostState.Cancelled,
        _ => throw new InvalidOperationException($"A waiting post has an unknown state '{name}'."),
    };

    private Task<WaitingPost?> OneAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (connection, ct) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, parameters, cancellationToken: ct));
                return row is null ? null : ToPost(row);
            },
            cancellationToken);

    private WaitingPost ToPost(Row row)
    {
        WaitingImage? image = null;
        if (row.ImageReference is { } protectedReference && protector.Unprotect(protectedReference) is { } reference)
        {
            image = new WaitingImage(row.ImageName ?? "image", row.ImageLength, reference);
        }

        return new WaitingPost(
            row.Id,
            new ChatAddress(row.Platform, row.ChatId, row.UserId, row.ReplyContext is null ? null : protector.Unprotect(row.ReplyContext)),
            row.MessageId,
            row.DisplayName,
            row.IsGroup,
            row.Text,
            image,
            ParseState(row.State),
            row.DueAt is null ? null : StoredTime.FromText(row.DueAt),
            StoredTime.FromText(row.CreatedAt));
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string Platform { get; set; } = "";
        public string ChatId { get; set; } = "";
        public string UserId { get; set; } = "";
        public string MessageId { get; set; } = "";
        public string? ReplyContext { get; set; }
        public string? DisplayName { get; set; }

        // SQLite stores 0/1, PostgreSQL a boolean: Dapper converts either.
        public bool IsGroup { get; set; }
        public string Text { get; set; } = "";
        public string? ImageName { get; set; }
        public long? ImageLength { get; set; }
        public string? ImageReference { get; set; }
        public string State { get; set; } = "";
        public string? DueAt { get; set; }
        public string CreatedAt { get; set; } = "";
    }
}

internal sealed class SqliteWaitingPostStore(SqliteDatabase database, ITokenProtector protector) : WaitingPostStore(new SqliteStatementRunner(database), protector);

internal sealed class PostgresWaitingPostStore(PostgresDatabase database, ITokenProtector protector) : WaitingPostStore(new PostgresStatementRunner(database), protector);

/// <summary><see cref="IUserSettingsStore"/> for either provider.</summary>
internal abstract class UserSettingsStore(IStatementRunner db) : IUserSettingsStore
{
    public Task<UserSettings> GetAsync(string platform, string userId, CancellationToken cancellationToken) =>
        db.ReadAsync(
            async (connection, ct) =>
            {
                var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    "SELECT time_zone AS TimeZone, preview_by_default AS PreviewByDefault FROM user_settings WHERE platform = @Platform AND user_id = @UserId",
                    new { Platform = platform, UserId = userId },
                    cancellationToken: ct));
                return row is null ? UserSettings.Default : new UserSettings(row.TimeZone, row.PreviewByDefault);
            },
            cancellationToken);

    public Task SetTimeZoneAsync(string platform, string userId, string timeZone, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync("time_zone", platform, userId, timeZone, now, cancellationToken);

    public Task SetPreviewByDefaultAsync(string platform, string userId, bool preview, DateTimeOffset now, CancellationToken cancellationToken) =>
        UpsertAsync("preview_by_default", platform, userId, preview, now, cancellationToken);

    private Task UpsertAsync(string column, string platform, string userId, object value, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.WriteAsync(
            (connection, ct) => connection.ExecuteAsync(new CommandDefinition(
                $"""
                INSERT INTO user_settings (platform, user_id, {column}, updated_at) VALUES (@Platform, @UserId, @Value, @Now)
                ON CONFLICT (platform, user_id) DO UPDATE SET {column} = excluded.{column}, updated_at = excluded.updated_at
                """,
                new { Platform = platform, UserId = userId, Value = value, Now = StoredTime.ToText(now) },
                cancellationToken: ct)),
            cancellationToken);

    private sealed class Row
    {
        public string? TimeZone { get; set; }
        public bool PreviewByDefault { get; set; }
    }
}

internal sealed class SqliteUserSettingsStore(SqliteDatabase database) : UserSettingsStore(new SqliteStatementRunner(database));

internal sealed class PostgresUserSettingsStore(PostgresDatabase database) : UserSettingsStore(new PostgresStatementRunner(database));
