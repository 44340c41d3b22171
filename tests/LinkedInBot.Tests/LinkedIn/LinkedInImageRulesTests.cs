using LinkedInBot.Core.LinkedIn;

namespace LinkedInBot.Tests.LinkedIn;

/// <summary>The one list of image types every adapter judges a platform's attachment metadata by.</summary>
public sealed class LinkedInImageRulesTests
{
    [Theory]
    [InlineData("image/jpeg", true)]
    [InlineData("IMAGE/PNG", true)]
    [InlineData("image/gif; charset=binary", true)]
    [InlineData("image/webp", false)]
    [InlineData("image/svg+xml", false)]
    [InlineData("application/pdf", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void ContentType_IsAcceptedOnlyForJpegPngAndGif(string? contentType, bool accepted)
    {
        Assert.Equal(accepted, LinkedInImageRules.IsAcceptedContentType(contentType));
    }
}
