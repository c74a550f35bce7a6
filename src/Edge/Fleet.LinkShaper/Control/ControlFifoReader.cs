namespace Fleet.LinkShaper.Control;

/// <summary>
/// Reads commands, one per line, from a named pipe (created if missing) so shell scripts can steer the
/// shaper with `echo "blackhole 2" > FIFO`. Replies go to stdout. Each writer's close ends one read pass.
/// </summary>
internal sealed class ControlFifoReader(string path, ShaperController controller, TextWriter output)
{
    public void Start()
    {
        if (!File.Exists(path)) MkFifo(path);
        new Thread(RunReadLoop) { IsBackground = true, Name = "control" }.Start();
    }

    private void RunReadLoop()
    {
        while (true)
        {
            try
            {
                using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read));
                while (reader.ReadLine() is { } line)
                {
                    if (string.IsNullOrWhiteSpace(line)) continue;
                    output.WriteLine(ShaperCommand.TryParse(line, out var command, out var error) ? controller.Apply(command) : error);
                    output.Flush();
                }
            }
            catch (IOException e)
            {
                output.WriteLine($"shaper: control fifo {path}: {e.Message}");
                Thread.Sleep(1000);
            }
        }
    }

    private static void MkFifo(string path)
    {
        using var p = System.Diagnostics.Process.Start("mkfifo", ["-m", "600", path]);
        p.WaitForExit();
        if (p.ExitCode != 0) throw new IOException($"mkfifo {path} failed");
    }
}
