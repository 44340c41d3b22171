using Microsoft.Data.Sqlite;

namespace LinkedInBot.Core.Storage;

/// <summary>What a SQLite error means for the operator, naming the file and the fix.</summary>
public static class SqliteProblems
{
    public static string Full(string database) =>
        $"The disk holding {database} is full: SQLite cannot write. Free space on it, or move Storage:ConnectionString to a volume with room.";

    public static StorageProbe Of(SqliteException exception, string database) => exception.SqliteErrorCode switch
    {
        SQLitePCL.raw.SQLITE_FULL => new("full", Full(database)),
        SQLitePCL.raw.SQLITE_READONLY => new(
            "read-only",
            $"The database {database} is read-only: give the bot's user write access to the file and its folder (Docker: UID 1654; not a read-only mount), or set Storage:ConnectionString to a writable file."),
        SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED => new(
            "locked",
            $"The database {database} stayed locked by another process past the busy timeout: is another copy of the bot using it? One SQLite file serves one bot process (PostgreSQL serves several, see docs/scale-out.md)."),
        SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_PERM or SQLitePCL.raw.SQLITE_AUTH => new(
            "unreachable",
            $"The database {database} cannot be opened: check that its folder exists and that the bot's user may write there (Docker: UID 1654), or set Storage:ConnectionString."),
        _ => new(
            "failing",
            $"The database {database} cannot be written ({exception.Message.ReplaceLineEndings(" ").Trim()}): check the disk, or restore a backup (docs/operations.md)."),
    };
}
