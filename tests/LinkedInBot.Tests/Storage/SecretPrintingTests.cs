using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Storage;

namespace LinkedInBot.Tests.Storage;

public sealed class SecretPrintingTests
{
    [Fact]
    public void AccountLinkAndChatAddress_WhenPrinted_HideTheTokenAndTheReplyContext()
    {
        var address = new ChatAddress("discord", "c1", "u1", "interaction-token-secret");
        var link = new AccountLink(address, "urn:li:person:1", "Ada", "access-token-secret", DateTimeOffset.UnixEpoch, ["openid"], DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var printed = link.ToString();

        Assert.Contains("urn:li:person:1", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("access-token-secret", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("interaction-token-secret", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("interaction-token-secret", address.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void TokenExchangeResult_WhenPrinted_HidesTheToken()
    {
        var result = new LinkedInBot.Core.LinkedIn.TokenExchangeResult(
            new LinkedInBot.Core.LinkedIn.LinkedInToken("access-token-secret", DateTimeOffset.UnixEpoch, ["openid", "profile"]), null);

        var printed = result.ToString();

        Assert.Contains("openid profile", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("access-token-secret", printed, StringComparison.Ordinal);
    }
}
