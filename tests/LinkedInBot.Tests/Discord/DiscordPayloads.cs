using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Discord;

/// <summary>Interaction payloads shaped like Discord's, with a few unknown fields thrown in as Discord does.</summary>
internal static class DiscordPayloads
{
    public const string ApplicationId = "1000000000000000001";
    public const string GuildId = "3000000000000000001";
    public const string ChannelId = "4000000000000000001";
    public const string DmChannelId = "4000000000000000002";
    public const string UserId = "5000000000000000001";
    public const string OtherUserId = "5000000000000000002";
    public const string MessageId = "6000000000000000001";

    private static long nextId = 2000000000000000000;

    public static string NewId() => Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static JsonObject Ping() => new()
    {
        ["application_id"] = ApplicationId,
        ["id"] = NewId(),
        ["token"] = "aW50ZXJhY3Rpb246dGVzdA",
        ["type"] = 1,
        ["version"] = 1,
    };

    /// <summary>A <c>/linkedin {subcommand}</c> in a guild (member.user) or a DM (user).</summary>
    public static JsonObject Slash(string subcommand, JsonArray? options = null, bool inGuild = true, string userId = UserId, JsonObject? resolved = null)
    {
        var data = new JsonObject
        {
            ["id"] = "7000000000000000001",
            ["name"] = "linkedin",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = subcommand, ["type"] = 1, ["options"] = options ?? [] }),
        };
        if (resolved is not null)
        {
            data["resolved"] = resolved;
        }

        return Interaction(2, data, inGuild, userId);
    }

    /// <summary>An autocomplete interaction (type 4) of <c>/linkedin {subcommand}</c> while <paramref name="option"/> is being typed.</summary>
    public static JsonObject Autocomplete(string subcommand, string option, string typed, string userId = UserId)
    {
        var data = new JsonObject
        {
            ["id"] = "7000000000000000001",
            ["name"] = "linkedin",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject
            {
                ["name"] = subcommand,
                ["type"] = 1,
                ["options"] = new JsonArray(new JsonObject { ["name"] = option, ["type"] = 3, ["value"] = typed, ["focused"] = true }),
            }),
        };
        return Interaction(4, data, inGuild: true, userId);
    }

    public static JsonObject Post(string text, string? attachmentId = null, JsonObject? attachment = null)
    {
        var options = new JsonArray(new JsonObject { ["name"] = "text", ["type"] = 3, ["value"] = text });
        JsonObject? resolved = null;
        if (attachmentId is not null)
        {
            options.Add(new JsonObject { ["name"] = "image", ["type"] = 11, ["value"] = attachmentId });
            resolved = new JsonObject { ["attachments"] = new JsonObject { [attachmentId] = attachment } };
        }

        return Slash("post", options, resolved: resolved);
    }

    public static JsonObject Attachment(string id, string url, string fileName = "photo.png", string? contentType = "image/png", long size = 1234)
    {
        var attachment = new JsonObject
        {
            ["id"] = id,
            ["filename"] = fileName,
            ["size"] = size,
            ["url"] = url,
            ["proxy_url"] = url,
            ["width"] = 10,
            ["height"] = 10,
        };
        if (contentType is not null)
        {
            attachment["content_type"] = contentType;
        }

        return attachment;
    }

    /// <summary>The "Share to LinkedIn" message command used on a message.</summary>
    public static JsonObject ShareCommand(string content, JsonArray? attachments = null, string userId = UserId, long? attachmentSizeLimit = null)
    {
        var data = new JsonObject
        {
            ["id"] = "7000000000000000002",
            ["name"] = "Share to LinkedIn",
            ["type"] = 3,
            ["target_id"] = MessageId,
            ["resolved"] = new JsonObject
            {
                ["messages"] = new JsonObject
                {
                    [MessageId] = new JsonObject
                    {
                        ["id"] = MessageId,
                        ["channel_id"] = ChannelId,
                        ["content"] = content,
                        ["author"] = new JsonObject { ["id"] = OtherUserId, ["username"] = "writer" },
                        ["attachments"] = attachments ?? [],
                        ["embeds"] = new JsonArray(),
                    },
                },
            },
        };
        var interaction = Interaction(2, data, inGuild: true, userId);
        if (attachmentSizeLimit is not null)
        {
            interaction["attachment_size_limit"] = attachmentSizeLimit;
        }

        return interaction;
    }

    /// <summary>A modal submission in the Label layout: <c>components[i].component</c>.</summary>
    public static JsonObject ModalSubmitLabel(string customId, string text, string userId = UserId, string inputId = "text") =>
        Interaction(5, new JsonObject
        {
            ["custom_id"] = customId,
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 18,
                ["id"] = 1,
                ["component"] = new JsonObject { ["type"] = 4, ["id"] = 2, ["custom_id"] = inputId, ["value"] = text },
            }),
        }, inGuild: true, userId);

    /// <summary>A press of a button with a custom_id (MESSAGE_COMPONENT), on an ephemeral message.</summary>
    public static JsonObject ButtonPress(string customId, string userId = UserId) =>
        Interaction(3, new JsonObject { ["custom_id"] = customId, ["component_type"] = 2 }, inGuild: true, userId);

    /// <summary>A modal submission in the legacy action-row layout: <c>components[i].components[0]</c>.</summary>
    public static JsonObject ModalSubmitLegacy(string customId, string text, string userId = UserId) =>
        Interaction(5, new JsonObject
        {
            ["custom_id"] = customId,
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = "text", ["value"] = text }),
            }),
        }, inGuild: true, userId);

    private static JsonObject Interaction(int type, JsonObject data, bool inGuild, string userId)
    {
        var user = new JsonObject { ["id"] = userId, ["username"] = "ada", ["global_name"] = "Ada", ["avatar"] = null, ["discriminator"] = "0" };
        var interaction = new JsonObject
        {
            ["application_id"] = ApplicationId,
            ["id"] = NewId(),
            ["token"] = "aW50ZXJhY3Rpb246c2VjcmV0LXRva2Vu" + NewId(),
            ["type"] = type,
            ["version"] = 1,
            ["data"] = data,
            ["locale"] = "en-US",
            ["entitlements"] = new JsonArray(),
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = GuildId },
            ["attachment_size_limit"] = 26214400,
            ["app_permissions"] = "562949953601536",
            ["some_future_field"] = new JsonObject { ["nested"] = true },
        };
        if (inGuild)
        {
            interaction["guild_id"] = GuildId;
            interaction["channel_id"] = ChannelId;
            interaction["channel"] = new JsonObject { ["id"] = ChannelId, ["type"] = 0 };
            interaction["context"] = 0;
            interaction["member"] = new JsonObject { ["user"] = user, ["nick"] = null, ["roles"] = new JsonArray(), ["permissions"] = "2248473465835073" };
        }
        else
        {
            interaction["channel_id"] = DmChannelId;
            interaction["channel"] = new JsonObject { ["id"] = DmChannelId, ["type"] = 1 };
            interaction["context"] = 1;
            interaction["user"] = user;
        }

        return interaction;
    }
}
