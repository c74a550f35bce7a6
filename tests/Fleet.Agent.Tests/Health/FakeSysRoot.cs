namespace Fleet.Agent.Tests.Health;

/// <summary>A throwaway directory laid out like /sys and /proc, for the readers under test.</summary>
internal sealed class FakeSysRoot : IDisposable
{
    public FakeSysRoot() => Root = Directory.CreateTempSubdirectory("fleet-sysfs-").FullName;

    public string Root { get; }

    public string Sys => Path.Combine(Root, "sys");

    public string Proc => Path.Combine(Root, "proc");

    public FakeSysRoot File(string relative, string content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
