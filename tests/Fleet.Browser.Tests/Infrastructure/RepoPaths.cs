namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>Where the repository, the built deployables and the shared real-world data are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration this test assembly was built with (bin/&lt;Config&gt;/net10.0).</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string DataDir =>
        Environment.GetEnvironmentVariable("FLEET_DATA_DIR") is { Length: > 0 } dir
            ? dir
            : Path.GetFullPath(Path.Combine(Root, "..", "shared", "data"));

    /// <summary>Screenshots and logs go where `./fleet test` collects results.</summary>
    public static string ArtifactsDir
    {
        get
        {
            var dir = Environment.GetEnvironmentVariable("FLEET_TEST_ARTIFACTS") is { Length: > 0 } d
                ? d
                : Path.Combine(Root, ".fleet", "test-results");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public static string BuiltDll(string projectDir, string name)
    {
        var path = Path.Combine(Root, "src", projectDir, "bin", Configuration, "net10.0", name + ".dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing: build the solution ({Configuration}) before the browser tests.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Fleet.sln not found above " + AppContext.BaseDirectory);
    }
}
