using Microsoft.Data.Sqlite;

namespace LinkedInBot.Tests.Support;

/// <summary>A fresh folder per test for the SQLite file and the key ring; removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "linkedinbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DatabaseFile => System.IO.Path.Combine(Path, "bot.db");

    public string KeysDirectory => System.IO.Path.Combine(Path, "keys");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open by a finishing background task; the OS temp cleaner takes it.
        }
    }
}
