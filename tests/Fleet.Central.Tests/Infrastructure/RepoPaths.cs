using System.Reflection;

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
        // Built with --artifacts-path outside the repo: the build recorded where the repository was.
        var recorded = typeof(RepoPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepoRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Fleet.sln")))
            return recorded;
        throw new InvalidOperationException($"Fleet.sln not found above {AppContext.BaseDirectory}");
    }
}
