namespace Fleet.Agent.Gps;

/// <summary>Where fixes come from: a receiver's tty, gpsd, a recorded log or a replayed track.</summary>
public interface IGpsSource
{
    /// <summary>Fixes as they arrive; ends when the source does (end of a file) or on cancellation.</summary>
    IAsyncEnumerable<GpsFix> ReadFixesAsync(CancellationToken ct);
}
