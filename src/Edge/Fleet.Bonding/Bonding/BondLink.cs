using System.Net;
using Fleet.Bonding.Links;

namespace Fleet.Bonding;

/// <summary>One uplink inside a session: its transport, state machine position, sender-side estimator
/// and receiver-side statistics. Mutated under the session's locks (tx fields under the send lock,
/// <see cref="Rx"/> under the receive lock).</summary>
internal sealed class BondLink
{
    public BondLink(IDatagramLink link, BondingOptions options, long nowUs)
    {
        Link = link;
        Id = (byte)link.Id;
        Estimator = new LinkEstimator(options);
        StateSinceUs = nowUs;
    }

    public IDatagramLink Link { get; set; }

    public byte Id { get; }

    public LinkState State { get; set; } = LinkState.Probing;

    public long StateSinceUs { get; set; }

    /// <summary>When the link last came Up from Probing: its weight ramps from there (not from Degraded → Up).</summary>
    public long RampStartUs { get; set; } = BondingSession.Never;

    /// <summary>Packets received on this link since it entered Probing.</summary>
    public int ProbeAnswers { get; set; }

    public uint TxSeq { get; set; }

    public long LastSendUs { get; set; } = BondingSession.Never;

    public long LastSendFailureUs { get; set; } = BondingSession.Never;

    /// <summary>Last authenticated receive (written by the receive path, read by the tick).</summary>
    public long LastReceiveUs = BondingSession.Never;

    public LinkEstimator Estimator { get; }

    public LinkReceiveStats Rx { get; } = new();

    public double HintFactor { get; set; } = 1.0;

    public LinkHint LastHint { get; set; } = LinkHint.Neutral;

    public long SentPackets { get; set; }

    public long SentBytes { get; set; }

    public long SendFailures { get; set; }

    /// <summary>Server side: where this link's packets last came from (roaming updates it).</summary>
    public EndPoint? RemoteEndPoint { get; set; }

    /// <summary>Eligible for traffic (Probing links only when nothing better exists).</summary>
    public bool IsSchedulable => State is LinkState.Up or LinkState.Degraded;
}
