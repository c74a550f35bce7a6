using System.Net;
using System.Net.Sockets;

namespace Fleet.Central.Tests.Infrastructure;

internal static class FreePort
{
    /// <summary>A port the OS just handed out on 127.0.0.1 (released again, so Kestrel can take it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
