using Microsoft.Extensions.Options;

namespace Fleet.Bonding;

/// <summary>Tuning of one bonding session; the defaults fit 2–8 cellular uplinks.</summary>
public sealed class BondingOptions
{
    public SchedulingMode Mode { get; set; } = SchedulingMode.Bond;

    /// <summary>Period of the session tick: link state machine, feedback, probes, reorder timeouts.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>A link that carried nothing for this long gets a probe (keeps liveness and delay fresh).</summary>
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Nothing received on a link (or the peer reports nothing received) for this long → Down.</summary>
    public TimeSpan SilentTimeout { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Probe round trips a Probing link must answer before it carries traffic again.</summary>
    public int ProbeConfirmations { get; set; } = 3;

    /// <summary>After Probing, a link's weight ramps from 10 % to 100 % over this time.</summary>
    public TimeSpan RampUpTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Loss above this fraction (over the last second) marks a link Degraded.</summary>
    public double DegradedLossFraction { get; set; } = 0.10;

    /// <summary>Capacity assumed for a link before any delivery sample exists. Rather low: an
    /// overestimate overfills the link's queue (losses, reordering) before the first samples correct it,
    /// an underestimate is corrected within a few samples (the link delivers more than its estimate).</summary>
    public double InitialRateBitsPerSecond { get; set; } = 5_000_000;

    /// <summary>Floor of a link's capacity estimate.</summary>
    public double MinRateBitsPerSecond { get; set; } = 200_000;

    /// <summary>EarliestArrival keeps each link's estimated queue below this (bufferbloat bound); only
    /// when every link is that full does it overfill the best one.</summary>
    public TimeSpan MaxLinkQueueDelay { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>Standing queue (lowest one-way delay of a feedback interval above the link's floor) above
    /// which a link counts as queued, raised to 2 × the link's jitter on jittery links. With an overload
    /// (more offered than delivered) its capacity is then taken from the delivery rate.</summary>
    public TimeSpan SaturationQueueDelay { get; set; } = TimeSpan.FromMilliseconds(4);

    public TimeSpan MinReorderTimeout { get; set; } = TimeSpan.FromMilliseconds(10);

    public TimeSpan MaxReorderTimeout { get; set; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Redundant mode duplicates UDP packets up to this size (voice, games) besides DSCP EF.</summary>
    public int RedundantMaxUdpPayload { get; set; } = 300;

    public TimeSpan RekeyAfterTime { get; set; } = TimeSpan.FromSeconds(120);

    public ulong RekeyAfterPackets { get; set; } = 1UL << 30;

    /// <summary>The previous keypair still decrypts this long after a rekey (packets in flight).</summary>
    public TimeSpan OldKeyGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Ordered packets kept for resending when the receiver NACKs a loss (0 = no ARQ). Rounded
    /// up to a power of two; 2048 × 1.5 KB ≈ 3 MB per session at most, allocated as traffic needs it.</summary>
    public int RetransmitBufferPackets { get; set; } = 2048;

    /// <summary>Weight multiplier for a link whose hint source reports a dead spot ahead.</summary>
    public double DeadSpotWeightFactor { get; set; } = 0.2;

    /// <summary>How often link weights are recomputed (rate, delay, loss, hints).</summary>
    public TimeSpan WeightInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Receiver releases each ordered packet at its send time + one common playout delay (the
    /// slowest live link's delay plus headroom), so a TCP flow sees one steady RTT whichever links carry
    /// it, and no reordering. Off: packets leave the reorder buffer as soon as they are in order (lower
    /// latency, but the RTT swings between the fastest and the slowest link with the load). Off by default:
    /// on the netns bench (50-ms link queues, BBR) the longer steady RTT raised the flow's BDP above the link
    /// buffers and start-up overshoot became tail drops; A/B runs did not show a gain (bench/bond.md).</summary>
    public bool CommonDelayRelease { get; set; }

    /// <summary>Playout delay above the highest one-way-delay floor of the live links: room for jitter and
    /// the queues the scheduler allows, so the delay does not have to grow under load (a TCP flow's
    /// minimum RTT is taken before the load comes).</summary>
    public TimeSpan PlayoutHeadroom { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>Upper bound of the playout delay above the lowest link floor (a link with a huge queue must
    /// not hold everything).</summary>
    public TimeSpan MaxPlayoutDelay { get; set; } = TimeSpan.FromMilliseconds(400);
}

/// <summary>Startup validation (house style: ValidateOnStart).</summary>
public sealed class BondingOptionsValidator : IValidateOptions<BondingOptions>
{
    public ValidateOptionsResult Validate(string? name, BondingOptions options)
    {
        var errors = new List<string>();
        if (options.TickInterval < TimeSpan.FromMilliseconds(1) || options.TickInterval > TimeSpan.FromSeconds(1))
        {
            errors.Add("TickInterval must be between 1 ms and 1 s.");
        }

        if (options.SilentTimeout <= options.TickInterval)
        {
            errors.Add("SilentTimeout must be longer than TickInterval.");
        }

        if (options.ProbeInterval <= TimeSpan.Zero || options.ProbeInterval >= options.SilentTimeout)
        {
            errors.Add("ProbeInterval must be positive and shorter than SilentTimeout.");
        }

        if (options.ProbeConfirmations is < 1 or > 100)
        {
            errors.Add("ProbeConfirmations must be 1..100.");
        }

        if (options.InitialRateBitsPerSecond < options.MinRateBitsPerSecond || options.MinRateBitsPerSecond <= 0)
        {
            errors.Add("InitialRateBitsPerSecond must be ≥ MinRateBitsPerSecond > 0.");
        }

        if (options.MinReorderTimeout <= TimeSpan.Zero || options.MaxReorderTimeout < options.MinReorderTimeout)
        {
            errors.Add("Reorder timeouts must satisfy 0 < Min ≤ Max.");
        }

        if (options.DegradedLossFraction is <= 0 or >= 1 || options.DeadSpotWeightFactor is <= 0 or > 1)
        {
            errors.Add("DegradedLossFraction must be in (0,1) and DeadSpotWeightFactor in (0,1].");
        }

        if (options.RekeyAfterTime < TimeSpan.FromSeconds(1) || options.RekeyAfterPackets < 1024)
        {
            errors.Add("RekeyAfterTime must be ≥ 1 s and RekeyAfterPackets ≥ 1024.");
        }

        if (options.MaxLinkQueueDelay <= TimeSpan.Zero || options.SaturationQueueDelay <= TimeSpan.Zero)
        {
            errors.Add("MaxLinkQueueDelay and SaturationQueueDelay must be positive.");
        }

        if (options.RetransmitBufferPackets is < 0 or > 65536)
        {
            errors.Add("RetransmitBufferPackets must be 0..65536.");
        }

        if (options.PlayoutHeadroom < TimeSpan.Zero || options.PlayoutHeadroom > TimeSpan.FromSeconds(1)
            || options.MaxPlayoutDelay < TimeSpan.FromMilliseconds(1) || options.MaxPlayoutDelay > TimeSpan.FromSeconds(5))
        {
            errors.Add("PlayoutHeadroom must be 0..1 s and MaxPlayoutDelay 1 ms..5 s.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>For callers without the options pipeline: throws with every problem listed.</summary>
    public static void ThrowIfInvalid(BondingOptions options)
    {
        var result = new BondingOptionsValidator().Validate(null, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(nameof(BondingOptions), typeof(BondingOptions), result.Failures);
        }
    }
}
