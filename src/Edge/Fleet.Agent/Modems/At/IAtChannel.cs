using System.Threading.Channels;

namespace Fleet.Agent.Modems.At;

/// <summary>Sends AT commands to one modem and publishes its unsolicited result codes.</summary>
public interface IAtChannel
{
    /// <summary>True while a tty is open.</summary>
    bool IsConnected { get; }

    AtChannelCounters Counters { get; }

    /// <summary>Unsolicited codes (+CEREG:, RING, ^HCSQ:, ...), including those that arrived in the middle of a response.</summary>
    ChannelReader<AtUrc> Urcs { get; }

    /// <summary>
    /// Sends <paramref name="command"/> (without the trailing CR) and collects lines until a final result code.
    /// Never throws for modem-side failures: timeouts, errors and a vanished tty come back as <see cref="AtResult.Status"/>.
    /// </summary>
    Task<AtResult> SendAsync(string command, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
