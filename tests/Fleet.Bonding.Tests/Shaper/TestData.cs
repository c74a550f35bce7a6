namespace Fleet.Bonding.Tests.Shaper;

/// <summary>Locates /work/shared/data as ../shared/data next to the folder holding Fleet.sln.</summary>
internal static class TestData
{
    public static string Root => FindRoot();

    // Walks up from the test binary; when it was built to an --artifacts-path outside the checkout, from
    // this source file instead.
    private static string FindRoot([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        {
            var dir = FindSolutionDir(AppContext.BaseDirectory) ?? FindSolutionDir(Path.GetDirectoryName(sourceFile) ?? "");
            if (dir is null) throw new InvalidOperationException("Fleet.sln not found above " + AppContext.BaseDirectory);
            var data = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
            if (!Directory.Exists(data)) throw new InvalidOperationException($"shared test data not found at {data}");
            return data;
        }
    }

    private static DirectoryInfo? FindSolutionDir(string start)
    {
        var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Fleet.sln"))) dir = dir.Parent;
        return dir;
    }

    public static string Trace(string relative) => Path.Combine(Root, "cellular_traces", relative);
}
