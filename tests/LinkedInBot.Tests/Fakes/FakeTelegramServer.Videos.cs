using System.Text.Json.Nodes;

namespace LinkedInBot.Tests.Fakes;

/// <summary>Videos users send: as a video (message.video) or as a file (message.document), with a caption.</summary>
public sealed partial class FakeTelegramServer
{
    /// <summary>
    /// The user sends a video with <paramref name="caption"/>. The bytes are served by getFile and the file endpoint;
    /// <paramref name="declaredSize"/> overrides the announced file_size (a video over 20 MB without its bytes).
    /// </summary>
    public FakeTelegramMessage UserSendsVideo(FakeTelegramChat chat, FakeTelegramUser user, byte[] video, string? caption, bool asFile = false, string fileName = "clip.mp4", string mimeType = "video/mp4", long? declaredSize = null)
    {
        var fileId = AddFile(video, declaredSize, "mp4");
        var file = _filesById[fileId];
        var message = NewMessage(chat, user, null);
        var attachment = new JsonObject
        {
            ["file_id"] = file.Id,
            ["file_unique_id"] = file.UniqueId,
            ["file_size"] = file.DeclaredSize,
            ["file_name"] = fileName,
            ["mime_type"] = mimeType,
        };
        if (asFile)
        {
            message["document"] = attachment;
        }
        else
        {
            attachment["width"] = 1280;
            attachment["height"] = 720;
            attachment["duration"] = 12;
            message["video"] = attachment;
        }

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

    /// <summary>The same message again in a new update, as after a lost answer: the bot must not publish it twice.</summary>
    public void Redeliver(FakeTelegramMessage message) => Enqueue((JsonObject)message.Update.DeepClone());
}
