namespace Fleet.Browser.Tests.Infrastructure;

/// <summary>Where the repository, the built deployables and the shared real-world data are.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration this test assembly was built with: bin/&lt;Config&gt;/net10.0 in the
    /// project's own output, or bin/Fleet.Browser.Tests/&lt;config&gt; under an --artifacts-path.</summary>
    public static string Configuration { get; } = BuildDirectory.Name is var name && name.StartsWith("net", StringComparison.Ordinal)
        ? BuildDirectory.Parent!.Name
        : name;

    private static DirectoryInfo BuildDirectory => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

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

    /// <summary>A deployable built beside this test assembly: under the same --artifacts-path when the tests were
    /// built with one (bin/&lt;Project&gt;/&lt;config&gt;), else in the project's own bin/&lt;Config&gt;/net10.0.</summary>
    public static string BuiltDll(string projectDir, string name)
    {
        var artifacts = BuildDirectory.Parent?.Parent;
        var candidates = new[]
        {
            Path.Combine(artifacts?.FullName ?? "", name, Configuration, name + ".dll"),
            Path.Combine(Root, "src", projectDir, "bin", Configuration, "net10.0", name + ".dll"),
        };
        return candidates.FirstOrDefault(File.Exists) ?? throw new FileNotFoundException(
            $"{candidates[^1]} is missing: build the solution ({Configuration}) before the browser tests.");
    }

    /// <summary>The checkout above the test assembly, or (built under an --artifacts-path outside the checkout)
    /// the one the assembly was built from.</summary>
    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fleet.sln")))
            {
                return dir.FullName;
            }
        }

        var builtFrom = typeof(RepoPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "FleetRepoRoot")?.Value;
        if (builtFrom is not null && File.Exists(Path.Combine(builtFrom, "Fleet.sln")))
        {
            return Path.GetFullPath(builtFrom);
        }

        throw new InvalidOperationException("Fleet.sln not found above " + AppContext.BaseDirectory);
    }
}
