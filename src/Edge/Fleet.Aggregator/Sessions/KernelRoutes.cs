using System.Diagnostics;

namespace Fleet.Aggregator.Sessions;

/// <summary>
/// Routes each agent's prefixes into the TUN device so the kernel hands their downlink packets to the
/// engine. `ip route replace` is idempotent; routes vanish with the device when the daemon stops.
/// </summary>
public static class KernelRoutes
{
    public static (bool Ok, string Error) Replace(string prefix, string device)
    {
        try
        {
            var psi = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in new[] { "route", "replace", prefix, "dev", device }) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var error = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            p.WaitForExit(5000);
            return (p.ExitCode == 0, error.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, $"cannot run ip: {e.Message}");
        }
    }
}
