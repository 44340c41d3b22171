using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Core.Chat;

/// <summary>A video upload's progress shown as the request's status, in <see cref="VideoReplies"/>' words.</summary>
public sealed class VideoUploadStatus(ChatStatusReporter reporter) : IProgress<VideoUploadProgress>
{
    public void Report(VideoUploadProgress value)
    {
        var (text, milestone) = VideoReplies.For(value);
        reporter.Show(text, milestone);
    }
}
