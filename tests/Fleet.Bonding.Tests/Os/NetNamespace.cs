using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// A throwaway network namespace (`ip netns add`), deleted on dispose. <see cref="Run{T}"/> executes code on a
/// fresh thread that joined the namespace with setns(2): the namespace is per thread, and sockets or TUN
/// devices created there stay in it when used from any other thread afterwards.
/// </summary>
public sealed class NetNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;

    private NetNamespace(string name) => Name = name;

    public string Name { get; }

    public static NetNamespace Create(string prefix)
    {
        var ns = new NetNamespace($"{prefix}-{Environment.ProcessId % 10000}-{Random.Shared.Next(1000, 9999)}");
        Ip($"netns add {ns.Name}");
        ns.Exec("ip link set lo up");
        // no IPv6: new interfaces would otherwise emit router solicitations/MLD into the devices under test
        ns.Exec("sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1");
        return ns;
    }

    /// <summary>Runs a command line inside the namespace; throws with its stderr on failure.</summary>
    public string Exec(string commandLine) => Ip($"netns exec {Name} {commandLine}");

    public T Run<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var fd = Open($"/var/run/netns/{Name}", 0);
                if (fd < 0) throw new InvalidOperationException($"cannot open netns {Name}");
                try
                {
                    if (SetNs(fd, CloneNewNet) != 0)
                        throw new InvalidOperationException($"setns failed: errno {Marshal.GetLastPInvokeError()}");
                }
                finally
                {
                    Close(fd);
                }
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException($"in netns {Name}: {failure.Message}", failure);
        return result;
    }

    public void Dispose()
    {
        try { Ip($"netns del {Name}"); }
        catch (InvalidOperationException) { /* already gone */ }
    }

    public static string Ip(string arguments)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"ip {arguments}: {stderr.Trim()}");
        return stdout;
    }

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nsType);

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);
}
