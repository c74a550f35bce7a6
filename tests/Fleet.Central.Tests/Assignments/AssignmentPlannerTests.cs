using Fleet.Central.Aggregators;
using Fleet.Central.Assignments;

namespace Fleet.Central.Tests.Assignments;

public sealed class AssignmentPlannerTests
{
    private static LiveServer Server(string name, int active, int capacity = 100) =>
        new(Guid.NewGuid(), name, "eu", [$"{name}:51820"], [], capacity, active, 0);

    private static IReadOnlyList<LiveServer> LeastLoadedFirst(params LiveServer[] servers) =>
        servers.OrderBy(s => s.Load).ToList();

    [Fact]
    public void Choose_NoLiveServers_NeitherPrimaryNorBackup()
    {
        var (primary, backup) = AssignmentPlanner.Choose([], null);

        Assert.Null(primary);
        Assert.Null(backup);
    }

    [Fact]
    public void Choose_OneServer_PrimaryOnly()
    {
        var only = Server("a", 10);

        var (primary, backup) = AssignmentPlanner.Choose([only], null);

        Assert.Equal(only, primary);
        Assert.Null(backup);
    }

    [Fact]
    public void Choose_NewVehicle_LeastLoadedPrimaryNextAsBackup()
    {
        var busy = Server("busy", 90);
        var idle = Server("idle", 5);
        var medium = Server("medium", 40);

        var (primary, backup) = AssignmentPlanner.Choose(LeastLoadedFirst(busy, idle, medium), null);

        Assert.Equal(idle, primary);
        Assert.Equal(medium, backup);
    }

    [Fact]
    public void Choose_CurrentServersStillLive_KeptEvenIfNoLongerLeastLoaded()
    {
        var a = Server("a", 80);
        var b = Server("b", 70);
        var c = Server("c", 1);
        var previous = new VehicleAssignment(Guid.NewGuid(), a, b, 1);

        var (primary, backup) = AssignmentPlanner.Choose(LeastLoadedFirst(a, b, c), previous);

        Assert.Equal(a, primary);
        Assert.Equal(b, backup);
    }

    [Fact]
    public void Choose_PrimaryGone_BackupPromotedAndNewBackupChosen()
    {
        var a = Server("a", 10);
        var b = Server("b", 20);
        var c = Server("c", 30);
        var previous = new VehicleAssignment(Guid.NewGuid(), a, b, 1);

        var (primary, backup) = AssignmentPlanner.Choose(LeastLoadedFirst(b, c), previous);

        Assert.Equal(b, primary);
        Assert.Equal(c, backup);
    }
}
