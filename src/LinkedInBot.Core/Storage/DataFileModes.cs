using Microsoft.Extensions.Logging;

namespace LinkedInBot.Core.Storage;

/// <summary>
/// The database holds encrypted tokens, member names and unpublished posts: on Unix its folder is created 700 and
/// the file 600 (SQLite gives the <c>-wal</c> and <c>-shm</c> files the database file's mode), instead of the
/// 755/644 a umask of 022 gives. Checked at every start: files left readable by others are tightened, a folder open
/// to others is reported (it may be shared, such as /tmp, so it is not changed).
/// </summary>
internal static class DataFileModes
{
    public const UnixFileMode Folder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode File = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates a missing folder 700 (plain on Windows, where ACLs of the parent apply).</summary>
    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, Folder);
        }
    }

    /// <summary>Creates the database file 600 before SQLite does (an empty file is an empty database), then checks the modes.</summary>
    public static void Secure(string databaseFile, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        try
        {
            if (!System.IO.File.Exists(databaseFile))
            {
                using var created = new FileStream(databaseFile, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = File });
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process created it first (checked below like any existing file), or something is in the way
            // (a folder of that name, no write access): SQLite reports that itself when the bot opens the database.
        }

        foreach (var file in new[] { databaseFile, databaseFile + "-wal", databaseFile + "-shm", databaseFile + "-journal" }.Where(System.IO.File.Exists))
        {
            UnixFileMode mode;
            try
            {
                mode = System.IO.File.GetUnixFileMode(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if ((mode & GroupOrOther) == 0)
            {
                continue;
            }

            try
            {
                System.IO.File.SetUnixFileMode(file, mode & ~GroupOrOther);
                logger.LogWarning("{File} was readable by other users ({Mode}); it is now readable by the bot's user only (600)", file, Octal(mode));
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                logger.LogWarning("{File} is readable by other users ({Mode}) and the bot cannot change that: run chmod 600 on it", file, Octal(mode));
            }
        }

        var folder = Path.GetDirectoryName(databaseFile);
        var folderMode = !string.IsNullOrEmpty(folder) && Directory.Exists(folder) ? System.IO.File.GetUnixFileMode(folder) : Folder;
        if ((folderMode & GroupOrOther) != 0)
        {
            logger.LogWarning(
                "The data folder {Folder} is open to other users ({Mode}); the bot's database is in it. Unless the folder is shared on purpose, run chmod 700 on it",
                folder,
                Octal(folderMode));
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode & 0x1FF, 8).PadLeft(3, '0');
}
