using LinkedInBot.Core.Storage;

namespace LinkedInBot.Tests.Storage;

public sealed class TokenProtectorTests
{
    [Fact]
    public async Task Protect_ThenUnprotect_RoundTripsAndHidesTheToken()
    {
        await using var storage = await TempStorage.CreateAsync();
        var protector = storage.Get<ITokenProtector>();

        var protectedToken = protector.Protect("AQX-token");

        Assert.DoesNotContain("AQX-token", protectedToken, StringComparison.Ordinal);
        Assert.Equal("AQX-token", protector.Unprotect(protectedToken));
        Assert.NotEmpty(Directory.GetFiles(storage.KeysDirectory, "*.xml"));
    }

    [Fact]
    public async Task Unprotect_WithAnotherKeyRing_ReturnsNullWithoutThrowing()
    {
        await using var storage = await TempStorage.CreateAsync();
        var protectedToken = storage.Get<ITokenProtector>().Protect("AQX-token");

        storage.Start(keysDirectory: Path.Combine(storage.Root, "lost-keys"));

        Assert.Null(storage.Get<ITokenProtector>().Unprotect(protectedToken));
    }

    [Fact]
    public async Task Unprotect_ManyTokensAndEachAgain_ReturnsEachOwnToken()
    {
        await using var storage = await TempStorage.CreateAsync();
        var protector = storage.Get<ITokenProtector>();

        // More than the protector remembers, so some answers are remembered and some decrypted again.
        var tokens = Enumerable.Range(0, 1500).Select(i => $"token-{i}").ToList();
        var ciphertexts = tokens.Select(protector.Protect).ToList();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < tokens.Count; i++)
            {
                Assert.Equal(tokens[i], protector.Unprotect(ciphertexts[i]));
            }
        }
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Unprotect_Garbage_ReturnsNull(string garbage)
    {
        await using var storage = await TempStorage.CreateAsync();

        Assert.Null(storage.Get<ITokenProtector>().Unprotect(garbage));
    }
}
