namespace LinkedInBot.Tests.Configuration;

/// <summary>Files at the repository root (Dockerfile, sample settings, docs) that tests hold to the code.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string PathOf(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LinkedInBot.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No LinkedInBot.sln above {AppContext.BaseDirectory}.");
    }
}
