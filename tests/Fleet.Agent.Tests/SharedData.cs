namespace Fleet.Agent.Tests;

/// <summary>Locates /work/shared/data: "../shared/data" next to the folder holding Fleet.sln.</summary>
internal static class SharedData
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root.Value, .. parts]);

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Fleet.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is not null)
        {
            return dir.FullName;
        }

        // Built with --artifacts-path outside the checkout: use the checkout the test project was built from.
        var built = typeof(SharedData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FleetRepoRoot")?.Value;
        if (built is not null && File.Exists(System.IO.Path.Combine(built, "Fleet.sln")))
        {
            return System.IO.Path.GetFullPath(built);
        }

        // Last resort: this source file's own location (tests/Fleet.Agent.Tests/SharedData.cs), recorded by the compiler.
        var source = SourceDirectory();
        var fromSource = System.IO.Path.GetFullPath(System.IO.Path.Combine(source, "..", ".."));
        return File.Exists(System.IO.Path.Combine(fromSource, "Fleet.sln"))
            ? fromSource
            : throw new InvalidOperationException($"Fleet.sln not found above {AppContext.BaseDirectory} nor at {fromSource}");
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string path = "") =>
        System.IO.Path.GetDirectoryName(path) ?? ".";

    private static string Find()
    {
        // FLEET_SHARED_DATA lets a run from a build folder outside the checkout find the data too.
        if (Environment.GetEnvironmentVariable("FLEET_SHARED_DATA") is { Length: > 0 } overridden)
        {
            return overridden;
        }

        var data = System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot(), "..", "shared", "data"));
        return Directory.Exists(data) ? data : throw new InvalidOperationException("shared test data not found at " + data);
    }
}
