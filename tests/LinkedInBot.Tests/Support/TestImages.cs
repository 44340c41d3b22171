using LinkedInBot.Core.Chat;

namespace LinkedInBot.Tests.Support;

/// <summary>Tiny real image files, made in code.</summary>
public static class TestImages
{
    /// <summary>A valid 1×1 PNG.</summary>
    public static byte[] Png() => Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    public static ChatImage AsChatImage(byte[] bytes, string name = "photo.png") =>
        new(name, bytes.Length, _ => Task.FromResult<Stream>(new MemoryStream(bytes)));
}
