using System.Diagnostics;

namespace Fleet.Agent.Health;

/// <summary>Output of a finished external tool (smartctl, mmcli). Null from the runner means the tool is not installed.</summary>
public sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs external read-only tools; a seam so parsers are tested with recorded output.</summary>
public interface IProcessRunner
{
    /// <summary>Null when the executable does not exist or does not finish within <paramref name="timeout"/>.</summary>
    Task<ProcessOutput?> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken);
}

public sealed class ProcessRunner : IProcessRunner
{
    public async Task<ProcessOutput?> RunAsync(string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("process did not start");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
                var stderr = process.StandardError.ReadToEndAsync(cts.Token);
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
                return new ProcessOutput(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
        }
    }
}
