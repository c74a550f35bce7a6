using Fleet.Bonding.Protocol;

namespace Fleet.Bonding.Tests.Bonding;

/// <summary>
/// The per-link delivery-rate estimator on synthetic feedback: explicit µs times, a peer that reports what a
/// link of a given capacity delivered. No clock, no sockets.
/// </summary>
public class LinkEstimatorTests
{
    private const int PacketBytes = 1500;
    private const int FeedbackUs = 50_000;

    /// <summary>Drives one estimator: every 50 ms we offer <c>offeredMbps</c> and the simulated link delivers
    /// at most <c>capacityMbps</c> (the rest queues); feedback reports the delivered bytes, the interval's
    /// lowest one-way delay (floor + standing queue) and optional loss.</summary>
    private sealed class Driver
    {
        private const int FloorUs = 10_000;
        private readonly BondingOptions _options;
        private uint _bytes, _packets, _lost, _highestSeq;
        private double _queueBytes;
        private double _lossCredit;
        private uint _peerTimeUs = 1_000;

        public Driver(BondingOptions? options = null)
        {
            _options = options ?? new BondingOptions();
            Estimator = new LinkEstimator(_options);
            Estimator.EffectiveRateBitsPerSecond = Estimator.RateBitsPerSecond;
            Estimator.RecordRtt(2 * FloorUs);
        }

        public LinkEstimator Estimator { get; }

        public long NowUs { get; private set; } = 1_000_000;

        /// <summary>Extra one-way delay every packet sees (a stalled receiver thread), on top of any queue.</summary>
        public int NoiseUs { get; set; }

        /// <summary>Packet-to-packet jitter the peer reports.</summary>
        public uint JitterUs { get; set; } = 500;

        public void Run(double offeredMbps, double capacityMbps, int milliseconds, double lossFraction = 0)
        {
            for (var t = 0; t < milliseconds * 1000; t += FeedbackUs)
            {
                var offered = offeredMbps * 1e6 / 8 * FeedbackUs / 1e6;
                for (var sent = 0.0; sent < offered; sent += PacketBytes)
                {
                    Estimator.OnSent(PacketBytes, NowUs);
                }

                _queueBytes += offered;
                var delivered = Math.Min(_queueBytes, capacityMbps * 1e6 / 8 * FeedbackUs / 1e6);
                var queueBefore = _queueBytes;
                _queueBytes -= delivered;
                var packets = (uint)(delivered / PacketBytes);
                _lossCredit += packets * lossFraction;
                var lost = (uint)_lossCredit;
                _lossCredit -= lost;
                _bytes += (packets - lost) * PacketBytes;
                _packets += packets - lost;
                _lost += lost;
                _highestSeq += packets;

                // The queue never drained in this interval if it was never empty: its lowest delay is the
                // backlog left after the interval's deliveries.
                var standingUs = queueBefore > delivered ? (int)(_queueBytes * 8 / (capacityMbps * 1e6) * 1e6) : 0;
                NowUs += FeedbackUs;
                _peerTimeUs += FeedbackUs;
                var entry = new FeedbackEntry
                {
                    RxAgeMs = 1,
                    HighestLinkSeq = _highestSeq,
                    Packets = _packets,
                    Bytes = _bytes,
                    Lost = _lost,
                    OwdMinUs = FloorUs,
                    OwdSmoothedUs = FloorUs + standingUs + NoiseUs,
                    JitterUs = JitterUs,
                    IntervalOwdMinUs = FloorUs + standingUs + NoiseUs,
                };
                Estimator.OnFeedback(entry, _peerTimeUs, NowUs);
                Estimator.EffectiveRateBitsPerSecond = Estimator.RateBitsPerSecond;
            }
        }
    }

    [Fact]
    public void OnFeedback_LinkFasterThanSeed_EstimateGrowsToCapacityWithinTwoSeconds()
    {
        var driver = new Driver();
        // Demand follows the estimate (the scheduler fills the link to what it believes), as with a busy bond.
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        Assert.InRange(driver.Estimator.RateBitsPerSecond, 17e6, 26e6);
    }

    [Fact]
    public void OnFeedback_CapacityDropsFrom20To2_EstimateFollowsWithinHalfASecond()
    {
        var driver = new Driver();
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        driver.Run(20, 2, 500);

        Assert.InRange(driver.Estimator.RateBitsPerSecond, 0.2e6, 3e6);
        Assert.True(driver.Estimator.LastSampleSaturated || driver.Estimator.SampleQueueUs > 0);
    }

    [Fact]
    public void OnFeedback_TrickleWithStalledReceiver_KeepsItsEstimate()
    {
        var driver = new Driver();
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        var before = driver.Estimator.RateBitsPerSecond;
        // Only ACKs on this link now, and every packet is 40 ms late (a busy machine): not a capacity drop.
        driver.NoiseUs = 40_000;
        driver.Run(0.5, 20, 2_000);

        // At most one cautious step down at the edge (the sample that still holds the earlier burst), never
        // down to the trickle it carries now.
        Assert.InRange(driver.Estimator.RateBitsPerSecond, 0.75 * before, before);
    }

    [Fact]
    public void OnFeedback_TailDropsBehindAStandingQueue_NotCountedAsRadioLoss()
    {
        var queued = new Driver();
        for (var i = 0; i < 40; i++)
        {
            queued.Run(queued.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        // Offered 30 into 20 with a queue standing: the losses come with the queue.
        queued.Run(30, 20, 300, lossFraction: 0.1);
        Assert.True(queued.Estimator.LossFraction < 0.01, $"loss {queued.Estimator.LossFraction}");

        // The same loss without a queue is the radio: it counts.
        var radio = new Driver();
        radio.Run(5, 20, 2_000, lossFraction: 0.1);
        Assert.InRange(radio.Estimator.LossFraction, 0.05, 0.15);
    }

    [Fact]
    public void OnFeedback_LossBurstThenCleanTrickle_LossRecoversWithinTwoSeconds()
    {
        // A loss burst cuts the link's weight, so it carries little more than probes afterwards: those few
        // clean packets must still bring the loss estimate back, or the link stays Degraded for half a minute.
        var driver = new Driver();
        driver.Run(5, 20, 1_000, lossFraction: 0.2);
        Assert.True(driver.Estimator.LossFraction > 0.1, $"loss after the burst {driver.Estimator.LossFraction}");

        driver.Run(0.5, 20, 2_000);

        Assert.True(driver.Estimator.LossFraction < 0.05, $"loss after 2 s clean {driver.Estimator.LossFraction}");
    }

    [Fact]
    public void PredictArrivalUs_WeightCutAfterFilling_QueueDrainsAtCapacityNotAtTheWeight()
    {
        var driver = new Driver();
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        // 30 KB queued on a ~20 Mbit/s link (12 ms of it), then its weight is cut to 0.2 Mbit/s (Degraded by loss).
        driver.Estimator.OnSent(30_000, driver.NowUs);
        driver.Estimator.EffectiveRateBitsPerSecond = 0.2e6;
        driver.Estimator.PredictArrivalUs(1500, driver.NowUs + 50_000, out var queueUs);

        // Only the new packet at the cut weight (60 ms), not 30 KB draining at 0.2 Mbit/s (over a second).
        Assert.InRange(queueUs, 0, 100_000);
    }

    [Fact]
    public void OnFeedback_SeedAboveCapacityWithStandingQueue_StepsDownToDelivered()
    {
        // A 5 Mbit/s link seeded higher and offered exactly what it delivers: only the standing queue tells.
        var driver = new Driver(new BondingOptions { InitialRateBitsPerSecond = 10e6 });
        driver.Run(7, 5, 300);
        for (var i = 0; i < 20; i++)
        {
            driver.Run(5, 5, 50);
        }

        Assert.InRange(driver.Estimator.RateBitsPerSecond, 4e6, 6.5e6);
    }

    [Fact]
    public void PredictArrivalUs_StandingQueueReported_VirtualQueueAtLeastThatLong()
    {
        var driver = new Driver();
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        driver.Run(26, 20, 200);

        driver.Estimator.PredictArrivalUs(PacketBytes, driver.NowUs, out var queueUs);
        Assert.True(driver.Estimator.SampleQueueUs > 5_000, $"sample queue {driver.Estimator.SampleQueueUs} µs");
        Assert.True(queueUs >= driver.Estimator.SampleQueueUs / 2.0, $"virtual queue {queueUs} µs, measured {driver.Estimator.SampleQueueUs} µs");
    }
    [Fact]
    public void OnFeedback_FifoJitterRaisesDelayUnderLoad_NotReadAsStandingQueue()
    {
        var driver = new Driver();
        for (var i = 0; i < 40; i++)
        {
            driver.Run(driver.Estimator.RateBitsPerSecond / 1e6, 20, 50);
        }

        // A FIFO link with ±10 ms jitter: under load every packet waits behind the one that drew the longest
        // delay, so the interval minimum stays ~15 ms above the idle floor although nothing of ours queues.
        // Offered at most what the estimator plans for the link (as the scheduler does), up to 15 Mbit/s.
        driver.NoiseUs = 15_000;
        driver.JitterUs = 6_000;
        for (var i = 0; i < 60; i++)
        {
            driver.Run(Math.Min(15, driver.Estimator.RateBitsPerSecond / 1e6), 20, 50);
        }

        driver.Estimator.PredictArrivalUs(PacketBytes, driver.NowUs, out var queueUs);
        Assert.True(driver.Estimator.SampleQueueUs < 4_000, $"sample queue {driver.Estimator.SampleQueueUs} µs");
        Assert.True(queueUs < 5_000, $"virtual queue {queueUs} µs");
        Assert.True(driver.Estimator.RateBitsPerSecond >= 14e6, $"rate {driver.Estimator.RateBitsPerSecond}");
    }

    [Fact]
    public void PredictArrivalUs_DelayRaisedUnderLoad_DelayTermIsTheLoadedDelay()
    {
        var driver = new Driver { NoiseUs = 15_000, JitterUs = 6_000 };
        driver.Run(15, 20, 3_000);

        var arrival = driver.Estimator.PredictArrivalUs(PacketBytes, driver.NowUs, out var queueUs);

        Assert.Equal(25_000, driver.Estimator.BaseDelayUs);
        Assert.Equal(queueUs + 25_000, arrival, precision: 3);
    }

    [Fact]
    public void OnFeedback_OverloadAfterDelayFloorRose_StillSeenAsQueue()
    {
        var driver = new Driver { NoiseUs = 15_000, JitterUs = 6_000 };
        for (var i = 0; i < 60; i++)
        {
            driver.Run(Math.Min(driver.Estimator.RateBitsPerSecond / 1e6, 18), 20, 50);
        }

        driver.Run(26, 20, 300);

        Assert.True(driver.Estimator.SampleQueueUs > 5_000, $"sample queue {driver.Estimator.SampleQueueUs} µs");
    }
    [Fact]
    public void OnFeedback_PersistentDelayWithoutJitter_StillMeasuredAsQueue()
    {
        // No jitter to explain it: a delay that stays 15 ms above the floor is a standing queue (drain it).
        var driver = new Driver { NoiseUs = 15_000 };
        driver.Run(15, 20, 3_000);

        Assert.Equal(driver.Estimator.OwdMinUs + (3 * 500), driver.Estimator.BaseDelayUs);
        Assert.True(driver.Estimator.SampleQueueUs >= 10_000, $"sample queue {driver.Estimator.SampleQueueUs} µs");
    }
}
