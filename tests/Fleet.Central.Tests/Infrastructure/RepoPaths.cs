namespace Fleet.Central.Tests.Infrastructure;

/// <summary>Finds the repository (the folder holding Fleet.sln) and the shared test data beside it.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                return dir.FullName;
        }
        // Built with --artifacts-path outside the repo: fall back to the working directory's ancestors.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Fleet.sln not found above {AppContext.BaseDirectory}");
    }
}
