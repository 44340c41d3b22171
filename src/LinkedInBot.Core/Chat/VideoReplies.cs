using System.Globalization;
using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.Chat;

/// <summary>The words of a video post: its progress, and why a video is refused before anything is uploaded.</summary>
public static class VideoReplies
{
    public static string Uploading(int percent) => string.Create(CultureInfo.InvariantCulture, $"Uploading video… {percent} %");

    public const string Processing = "Video uploaded. LinkedIn is processing it…";

    public const string Ready = "LinkedIn has processed the video. Publishing the post…";

    /// <summary>The status for an upload's progress: the percentage (rounded down, so 100 % means all sent), then processing.</summary>
    public static (string Text, bool Milestone) For(VideoUploadProgress progress) =>
        progress.Processing
            ? (Processing, true)
            : (Uploading(progress.TotalBytes <= 0 ? 0 : (int)(progress.BytesSent * 100 / progress.TotalBytes)), progress.BytesSent == 0);
}
