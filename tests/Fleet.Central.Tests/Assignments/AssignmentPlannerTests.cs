using Fleet.Central.Aggregators;
using Fleet.Central.Assignments;

namespace Fleet.Central.Tests.Assignments;

public sealed class AssignmentPlannerTests
{
    private static ServerState Server(string name, int active, int capacity = 100, string region = "eu", bool live = true, bool overloaded = false) =>
        new(new LiveServer(Guid.NewGuid(), name, region, [$"{name}:51820"], [], capacity, active, 0), live, Draining: false, overloaded);

    [Fact]
    public void Choose_NoServers_NeitherPrimaryNorBackup()
    {
        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([]), null, null, null);

        Assert.Null(primary);
        Assert.Null(backup);
    }

    [Fact]
    public void Choose_OneServer_PrimaryOnly()
    {
        var only = Server("a", 10);

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([only]), null, null, null);

        Assert.Equal(only.Server.Id, primary);
        Assert.Null(backup);
    }

    [Fact]
    public void Choose_NewVehicle_LeastLoadedPrimaryNextAsBackup()
    {
        var busy = Server("busy", 90);
        var idle = Server("idle", 5);
        var medium = Server("medium", 40);

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([busy, idle, medium]), null, null, null);

        Assert.Equal(idle.Server.Id, primary);
        Assert.Equal(medium.Server.Id, backup);
    }

    [Fact]
    public void Choose_VehicleInRegion_PrefersSameRegionOverLessLoaded()
    {
        var farIdle = Server("far", 0, region: "us-east");
        var nearBusy = Server("near", 60, region: "eu-north");
        var nearBusier = Server("near2", 70, region: "eu-north");

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([farIdle, nearBusy, nearBusier]), "eu-north", null, null);

        Assert.Equal(nearBusy.Server.Id, primary);
        Assert.Equal(nearBusier.Server.Id, backup);
    }

    [Fact]
    public void Choose_ManyNewVehicles_SpreadByAssignedCountNotJustReportedLoad()
    {
        var a = Server("a", 0, capacity: 10);
        var b = Server("b", 0, capacity: 10);
        var pool = new ServerPool([a, b]);

        var primaries = Enumerable.Range(0, 10).Select(_ => AssignmentPlanner.Choose(pool, null, null, null).Primary).ToList();

        Assert.Equal(5, primaries.Count(p => p == a.Server.Id));
        Assert.Equal(5, primaries.Count(p => p == b.Server.Id));
    }

    [Fact]
    public void Choose_CurrentServersStillLive_KeptEvenIfNoLongerLeastLoaded()
    {
        var a = Server("a", 80);
        var b = Server("b", 70);
        var c = Server("c", 1);

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([a, b, c]), null, a.Server.Id, b.Server.Id);

        Assert.Equal(a.Server.Id, primary);
        Assert.Equal(b.Server.Id, backup);
    }

    [Fact]
    public void Choose_PrimaryDead_BackupPromotedAndNewBackupChosen()
    {
        var a = Server("a", 10, live: false);
        var b = Server("b", 20);
        var c = Server("c", 30);

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([a, b, c]), null, a.Server.Id, b.Server.Id);

        Assert.Equal(b.Server.Id, primary);
        Assert.Equal(c.Server.Id, backup);
    }

    [Fact]
    public void Choose_PrimaryShedding_MovesToBackupAndNeverBackToOverloadedServer()
    {
        var hot = Server("hot", 99, overloaded: true);
        var b = Server("b", 20);

        var (primary, backup) = AssignmentPlanner.Choose(new ServerPool([hot, b]), null, hot.Server.Id, b.Server.Id, shedPrimary: true);

        Assert.Equal(b.Server.Id, primary);
        Assert.Null(backup); // the overloaded server takes no vehicles, not even as backup
    }

    [Fact]
    public void Choose_OverloadedServer_NotChosenForNewVehicles()
    {
        var hot = Server("hot", 0, overloaded: true);
        var cool = Server("cool", 50);

        var (primary, _) = AssignmentPlanner.Choose(new ServerPool([hot, cool]), null, null, null);

        Assert.Equal(cool.Server.Id, primary);
    }
}
