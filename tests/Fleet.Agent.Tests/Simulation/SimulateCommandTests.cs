using Fleet.Agent.Simulation;
using Fleet.Agent.Telemetry;
using Fleet.Agent.Tests.Sync;

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
        var exit = await SimulateCommand.RunAsync([
            "--central", _central.Address.ToString(),
            "--admin-url", _central.AdminAddress.ToString(),
            "--admin-key", FakeCentral.AdminKey,
            "--count", "2",
            "--batch-seconds", "2",
            "--state-dir", _state,
            "--data-dir", SharedData.Path(),
            "--duration", "7"]);

        Assert.Equal(0, exit);
        Assert.Equal(2, _central.TokensIssued.Count);
        Assert.Equal(2, _central.Enrollments.Count);
        Assert.True(File.Exists(Path.Combine(_state, "sim-001", "identity.json")));
        var batches = _central.Received.ToList();
        Assert.True(batches.Count >= 2, $"{batches.Count} batches");
        var decoded = batches.Select(BatchDecoder.Decode).ToList();
        Assert.All(decoded, d => Assert.Null(d.Error));
        var positions = decoded.SelectMany(d => d.Positions).ToList();
        Assert.True(positions.Count >= 6, $"{positions.Count} positions");
        Assert.True(positions.Select(p => (p.LatE7, p.LonE7)).Distinct().Count() > 2, "vehicles did not move");
        Assert.Equal(4, decoded.SelectMany(d => d.Links).Select(l => l.LinkName).Distinct().Count());
        Assert.Equal(2, _central.UploadHeaders.Select(h => h.DeviceId).Distinct().Count());
    }

    [Fact]
    public async Task RunAsync_MissingAdminKey_ExitsWithUsageError()
    {
        var exit = await SimulateCommand.RunAsync(["--central", "http://127.0.0.1:1", "--admin-url", "http://127.0.0.1:2"]);

        Assert.Equal(2, exit);
        Assert.Empty(_central.TokensIssued);
    }
}
