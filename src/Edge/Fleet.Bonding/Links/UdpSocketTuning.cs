using System.Net.Sockets;

namespace Fleet.Bonding.Links;

/// <summary>
/// Socket knobs shared by the agent's per-uplink sockets and the server socket. Big buffers absorb the bursts
/// of a whole congestion window arriving from several uplinks at once; as root SO_*BUFFORCE lifts the
/// net.core.[rw]mem_max cap.
/// </summary>
internal static class UdpSocketTuning
{
    public const int DefaultBufferBytes = 4 * 1024 * 1024;

    private const int SolSocket = 1;
    private const int SoBindToDevice = 25;
    private const int SoSndBufForce = 32;
    private const int SoRcvBufForce = 33;

    public static Socket Create(int bufferBytes)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            SetBuffers(socket, bufferBytes);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static void BindToDevice(Socket socket, string device)
    {
        var name = new byte[System.Text.Encoding.UTF8.GetByteCount(device) + 1];
        System.Text.Encoding.UTF8.GetBytes(device, name);
        socket.SetRawSocketOption(SolSocket, SoBindToDevice, name);
    }

    private static void SetBuffers(Socket socket, int bytes)
    {
        Span<byte> value = stackalloc byte[4];
        BitConverter.TryWriteBytes(value, bytes);
        try
        {
            socket.SetRawSocketOption(SolSocket, SoRcvBufForce, value);
            socket.SetRawSocketOption(SolSocket, SoSndBufForce, value);
        }
        catch (SocketException)
        {
            // Not privileged: the kernel caps these at net.core.[rw]mem_max, which is still better than the default.
            socket.ReceiveBufferSize = bytes;
            socket.SendBufferSize = bytes;
        }
    }

    /// <summary>Maps a send error to what the bonding engine acts on.</summary>
    public static LinkSendResult Map(SocketError error) => error switch
    {
        SocketError.Success => LinkSendResult.Sent,
        SocketError.WouldBlock or SocketError.NoBufferSpaceAvailable or SocketError.Interrupted => LinkSendResult.WouldBlock,
        SocketError.OperationAborted or SocketError.Shutdown or SocketError.NotSocket => LinkSendResult.Closed,
        // Unreachable, refused (ICMP from the peer), address gone, interface down: this path is unusable now.
        _ => LinkSendResult.NetworkUnreachable,
    };
}
