namespace Fleet.Bonding.Tests.Os;

/// <summary>
/// A vehicle namespace and a server namespace joined by two veth "uplinks" (10.78.1.0/24, 10.78.2.0/24) with
/// source policy routing on the vehicle side; the server's public address 10.78.0.1 sits on its loopback.
/// Mirrors bench/bond.sh without shaping.
/// </summary>
public sealed class TwoUplinkTopology : IDisposable
{
    public const string ServerAddress = "10.78.0.1";

    public TwoUplinkTopology()
    {
        Cli = NetNamespace.Create("flcli");
        Srv = NetNamespace.Create("flsrv");
        Srv.Exec($"ip addr add {ServerAddress}/32 dev lo");
        for (var i = 1; i <= 2; i++)
        {
            NetNamespace.Ip($"link add up{i} netns {Cli.Name} type veth peer name dn{i} netns {Srv.Name}");
            Cli.Exec($"ip addr add 10.78.{i}.1/24 dev up{i}");
            Srv.Exec($"ip addr add 10.78.{i}.2/24 dev dn{i}");
            Cli.Exec($"ip link set up{i} up");
            Srv.Exec($"ip link set dn{i} up");
            Cli.Exec($"ip route add default via 10.78.{i}.2 dev up{i} table {100 + i}");
            Cli.Exec($"ip rule add from 10.78.{i}.1 lookup {100 + i}");
        }
        Cli.Exec($"ip route add {ServerAddress}/32 via 10.78.1.2 dev up1");
    }

    public NetNamespace Cli { get; }

    public NetNamespace Srv { get; }

    public void Dispose()
    {
        Cli.Dispose();
        Srv.Dispose();
    }
}
