using LinkedInBot.Tests.Posting;
using LinkedInBot.Tests.Support;
using Microsoft.Extensions.Logging;

namespace LinkedInBot.Tests.Storage;

/// <summary>Issue 15 §4: a fresh data folder is 700 and the database files 600 (Unix), whatever the umask.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataFileModeTests
{
    private const UnixFileMode Rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode Rw = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task FreshDataFolder_Is700_AndTheDatabaseAndItsWalAndShmFilesAre600()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var root = new TempDirectory();
        var data = Path.Combine(root.Path, "data");
        var database = Path.Combine(data, "bot.db");
        await using (var core = await CoreHost.StartAsync(root, configure: null, connectionString: $"Data Source={database}", keysDirectory: Path.Combine(data, "keys")))
        {
            // A write, so the WAL and shared-memory files exist.
            await core.SignInAsync("ada", "token-ada", "Ada Lovelace");
            Assert.True(File.Exists(database + "-wal"));
            Assert.True(File.Exists(database + "-shm"));

            Assert.Equal(Rwx, File.GetUnixFileMode(data));
            Assert.Equal(Rwx, File.GetUnixFileMode(Path.Combine(data, "keys")));
            Assert.Equal(Rw, File.GetUnixFileMode(database));
            Assert.Equal(Rw, File.GetUnixFileMode(database + "-wal"));
            Assert.Equal(Rw, File.GetUnixFileMode(database + "-shm"));
            Assert.All(Directory.GetFiles(Path.Combine(data, "keys")), key => Assert.Equal(Rw, File.GetUnixFileMode(key) & ~UnixFileMode.UserExecute));
        }
    }

    [Fact]
    public async Task AtStartUp_ADatabaseReadableByOthers_IsTightened_AndAnOpenFolderIsReported()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var root = new TempDirectory();
        var data = Path.Combine(root.Path, "data");
        var database = Path.Combine(data, "bot.db");
        Directory.CreateDirectory(data);
        File.SetUnixFileMode(data, Rwx | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await File.WriteAllBytesAsync(database, []);
        File.SetUnixFileMode(database, Rw | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        await using var core = await CoreHost.StartAsync(root, configure: null, connectionString: $"Data Source={database}", keysDirectory: Path.Combine(data, "keys"));

        Assert.Equal(Rw, File.GetUnixFileMode(database));
        Assert.Contains(core.Logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains(database + " was readable by other users (644)", StringComparison.Ordinal));
        Assert.Contains(core.Logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("open to other users (755)", StringComparison.Ordinal));
    }
}
