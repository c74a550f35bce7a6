using System.Runtime.CompilerServices;

namespace Fleet.Agent.Tests.Modems;

/// <summary>
/// Locates ../shared/data next to the folder holding Fleet.sln. Walks up from the test binaries first; when they
/// are built outside the checkout (dotnet test --artifacts-path /tmp/...), walks up from this source file instead.
/// </summary>
internal static class ModemTestData
{
    private static readonly Lazy<string> Root = new(() => Find(SourceDirectory()));

    public static string RepoRoot => Root.Value;

    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([System.IO.Path.GetFullPath(System.IO.Path.Combine(Root.Value, "..", "shared", "data")), .. parts]);

    private static string Find(string sourceDirectory)
    {
        foreach (var start in new[] { AppContext.BaseDirectory, sourceDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "Fleet.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Fleet.sln not found above " + AppContext.BaseDirectory + " or " + sourceDirectory);
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => System.IO.Path.GetDirectoryName(path) ?? "";
}
