using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Fleet.Aggregator.Nat;

/// <summary>
/// Masquerades agent traffic leaving through the upstream interface, with one nftables table owned by this
/// daemon. Setup is one atomic `nft -f` transaction that creates or replaces the table, so running it again
/// (restart after a crash) converges; cleanup deletes the table. Also turns on IPv4 forwarding.
/// </summary>
public sealed partial class NftablesNat(ILogger<NftablesNat> logger)
{
    public const string Table = "fleet_aggregator_nat";

    public static string Ruleset(string upstreamInterface, IEnumerable<string> sourcePrefixes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(upstreamInterface);
        if (upstreamInterface.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
            throw new ArgumentException($"'{upstreamInterface}' is not an interface name", nameof(upstreamInterface));
        var sources = string.Join(", ", sourcePrefixes.Where(p => !p.Contains(':', StringComparison.Ordinal)));
        var sb = new StringBuilder();
        sb.AppendLine($"add table ip {Table}");
        sb.AppendLine($"delete table ip {Table}"); // add+delete: succeeds whether or not it existed
        sb.AppendLine($"table ip {Table} {{");
        sb.AppendLine("  chain postrouting {");
        sb.AppendLine("    type nat hook postrouting priority srcnat; policy accept;");
        sb.AppendLine(sources.Length > 0
            ? $"    oifname \"{upstreamInterface}\" ip saddr {{ {sources} }} masquerade"
            : $"    oifname \"{upstreamInterface}\" masquerade");
        sb.AppendLine("  }");
        sb.AppendLine("}");
        return sb.ToString();
    }

    public bool Setup(string upstreamInterface, IEnumerable<string> sourcePrefixes)
    {
        try
        {
            File.WriteAllText("/proc/sys/net/ipv4/ip_forward", "1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogForwardingFailed(logger, e.Message);
        }
        var (ok, error) = Nft(Ruleset(upstreamInterface, sourcePrefixes));
        if (ok) LogNatReady(logger, upstreamInterface);
        else LogNatFailed(logger, upstreamInterface, error);
        return ok;
    }

    public void Cleanup()
    {
        var (ok, error) = Nft($"add table ip {Table}\ndelete table ip {Table}\n");
        if (!ok) LogNatFailed(logger, "cleanup", error);
    }

    private static (bool Ok, string Error) Nft(string script)
    {
        try
        {
            var psi = new ProcessStartInfo("nft", "-f -")
            {
                RedirectStandardInput = true,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(script);
            p.StandardInput.Close();
            var stderr = p.StandardError.ReadToEnd();
            p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10_000))
            {
                p.Kill();
                return (false, "nft timed out");
            }
            return (p.ExitCode == 0, stderr.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, $"cannot run nft: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "NAT: masquerading agent traffic out of {Interface}")]
    private static partial void LogNatReady(ILogger logger, string @interface);

    [LoggerMessage(Level = LogLevel.Error, Message = "NAT ({Interface}) failed: {Error}")]
    private static partial void LogNatFailed(ILogger logger, string @interface, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "could not enable IPv4 forwarding: {Error}")]
    private static partial void LogForwardingFailed(ILogger logger, string error);
}
