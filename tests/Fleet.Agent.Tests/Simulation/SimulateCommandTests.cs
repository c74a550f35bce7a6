using Fleet.Agent.Simulation;
using Fleet.Agent.Telemetry;
using Fleet.Agent.Tests.Sync;
using Fleet.Contracts.Telemetry;

namespace Fleet.Agent.Tests.Simulation;

public sealed class SimulateCommandTests : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("fleet-sim-").FullName;
    private FakeCentral _central = null!;

    public async Task InitializeAsync() => _central = await FakeCentral.StartAsync();

    public async Task DisposeAsync()
    {
        await _central.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task RunAsync_TwoVehicles_EnrollAndUploadMovingPositions()
    {
        // Runs until central has seen what the assertions need (or the 90 s duration ends it): a loaded
        // machine may take seconds to enroll, so a fixed duration would make the test flaky.
        using var stop = new CancellationTokenSource();
        var run = SimulateCommand.RunAsync([
            "--central", _central.Address.ToString(),
            "--admin-url", _central.AdminAddress.ToString(),
            "--admin-key", FakeCentral.AdminKey,
            "--count", "2",
            "--batch-seconds", "2",
            "--state-dir", _state,
            "--data-dir", SharedData.Path(),
            "--duration", "90"], stop.Token);
        while (!run.IsCompleted && !Uploaded().Complete)
        {
            await Task.WhenAny(run, Task.Delay(200));
        }

        await stop.CancelAsync();
        var exit = await run;

        var (batches, decoded, complete) = Uploaded();
        Assert.Equal(0, exit);
        Assert.True(complete, $"{batches.Count} batches from {_central.UploadHeaders.Select(h => h.DeviceId).Distinct().Count()} vehicles");
        Assert.Equal(2, _central.TokensIssued.Count);
        Assert.Equal(2, _central.Enrollments.Count);
        Assert.True(File.Exists(Path.Combine(_state, "sim-001", "identity.json")));
        Assert.All(decoded, d => Assert.Null(d.Error));
        var positions = decoded.SelectMany(d => d.Positions).ToList();
        Assert.True(positions.Select(p => (p.LatE7, p.LonE7)).Distinct().Count() > 2, "vehicles did not move");
        Assert.Equal(4, decoded.SelectMany(d => d.Links).Select(l => l.LinkName).Distinct().Count());
    }

    /// <summary>What central received so far, and whether it is all the test waits for: two batches or more
    /// from each of the two vehicles, six positions, four carriers.</summary>
    private (List<TelemetryBatch> Batches, List<DecodedBatch> Decoded, bool Complete) Uploaded()
    {
        var batches = _central.Received.ToList();
        var decoded = batches.Select(BatchDecoder.Decode).ToList();
        var perVehicle = _central.UploadHeaders.GroupBy(h => h.DeviceId).Select(g => g.Count()).ToList();
        var complete = perVehicle.Count == 2 && perVehicle.All(n => n >= 2)
            && decoded.Sum(d => d.Positions.Count) >= 6
            && decoded.SelectMany(d => d.Links).Select(l => l.LinkName).Distinct().Count() >= 4;
        return (batches, decoded, complete);
    }

    [Fact]
    public async Task RunAsync_MissingAdminKey_ExitsWithUsageError()
    {
        var exit = await SimulateCommand.RunAsync(["--central", "http://127.0.0.1:1", "--admin-url", "http://127.0.0.1:2"]);

        Assert.Equal(2, exit);
        Assert.Empty(_central.TokensIssued);
    }
}
