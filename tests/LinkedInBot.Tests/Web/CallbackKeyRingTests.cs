using System.Net;
using System.Security.Cryptography;
using Dapper;
using LinkedInBot.Core.Chat;
using LinkedInBot.Core.Linking;
using LinkedInBot.Core.Storage;
using LinkedInBot.Tests.Configuration;
using LinkedInBot.Tests.Support;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace LinkedInBot.Tests.Web;

/// <summary>Issue 16 §4: a key ring that breaks after the start is said on the callback page, and the state is kept.</summary>
public sealed class CallbackKeyRingTests
{
    /// <summary>The real key ring until <see cref="Broken"/>: then every encryption fails, as with a keys folder that became unwritable.</summary>
    private sealed class BreakableProvider(IDataProtectionProvider inner) : IDataProtectionProvider
    {
        public bool Broken { get; set; }

        public IDataProtector CreateProtector(string purpose) => new Protector(this, inner.CreateProtector(purpose));

        private sealed class Protector(BreakableProvider owner, IDataProtector inner) : IDataProtector
        {
            public IDataProtector CreateProtector(string purpose) => new Protector(owner, inner.CreateProtector(purpose));

            public byte[] Protect(byte[] plaintext) => owner.Broken ? throw new CryptographicException("The key ring cannot be written.") : inner.Protect(plaintext);

            public byte[] Unprotect(byte[] protectedData) => owner.Broken ? throw new CryptographicException("The key ring cannot be read.") : inner.Unprotect(protectedData);
        }
    }

    [Fact]
    public async Task Callback_WhenTheKeyRingBrokeSinceTheStart_Answers503WithAReason_AndKeepsTheState()
    {
        using var folder = new TempDirectory();
        BreakableProvider? breakable = null;
        await using var bot = await RunningBot.StartAsync(
            RunningBot.BaseSettings(folder),
            builder => builder.Services.AddSingleton<IDataProtectionProvider>(_ =>
                breakable = new BreakableProvider(DataProtectionProvider.Create(new DirectoryInfo(Path.Combine(folder.Path, "keys-test"))))));
        var consent = await bot.App.Services.GetRequiredService<AccountLinking>().BeginAsync(new ChatAddress("test", "chat", "ada"), "Ada", CancellationToken.None);
        var state = System.Web.HttpUtility.ParseQueryString(consent.Query)["state"];
        breakable!.Broken = true;

        using var response = await bot.Http.GetAsync($"/auth/linkedin/callback?state={Uri.EscapeDataString(state!)}&code=any-code");
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("The bot cannot store your link right now", page, StringComparison.Ordinal);
        await using var connection = await bot.App.Services.GetRequiredService<IStorageDatabase>().OpenConnectionAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM oauth_states"));
    }
}
