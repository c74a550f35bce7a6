using Microsoft.Extensions.Options;

namespace Fleet.Agent.Coverage;

/// <summary>Section "CoverageHints": how far ahead the agent looks for known dead spots and what counts as one.</summary>
public sealed class CoverageHintOptions
{
    public const string Section = "CoverageHints";

    public bool Enabled { get; set; } = true;

    /// <summary>A dead spot the vehicle will reach within this many seconds lowers that carrier's weight now.</summary>
    public int LookaheadSeconds { get; set; } = 45;

    /// <summary>Cells are re-fetched this often, or sooner once the vehicle has used up half the route fetched.</summary>
    public int FetchIntervalSeconds { get; set; } = 60;

    /// <summary>Route requested ahead: speed × this, at least MinRouteAheadM, at most MaxRouteAheadM.</summary>
    public int RouteAheadSeconds { get; set; } = 300;

    public double MinRouteAheadM { get; set; } = 2_000;

    public double MaxRouteAheadM { get; set; } = 20_000;

    public double RoutePointSpacingM { get; set; } = 250;

    /// <summary>corridor_m of the request (central caps it at 2000 m).</summary>
    public double CorridorM { get; set; } = 300;

    /// <summary>Cells older than this (central unreachable) are dropped: no hint beats a stale one.</summary>
    public int CellsMaxAgeSeconds { get; set; } = 900;

    /// <summary>Slack added to a cell's half-diagonal when testing whether a projected position is inside it
    /// (GPS error plus the road bending away from the straight-line projection).</summary>
    public double PositionToleranceM { get; set; } = 75;

    /// <summary>Cells with fewer samples than this are not trusted either way.</summary>
    public int MinSamples { get; set; } = 5;

    /// <summary>Dead: this share of samples (or more) had the link down or delivering nothing…</summary>
    public double OutageFractionThreshold { get; set; } = 0.5;

    /// <summary>…or the 10th percentile throughput is at most this (near zero).</summary>
    public int DeadThroughputP10Kbps { get; set; } = 64;

    /// <summary>Weight multiplier reported for a carrier with a dead spot ahead (the bonding engine applies
    /// its own BondingOptions.DeadSpotWeightFactor to the DeadSpotAhead flag; configure both alike).</summary>
    public double DeadSpotMultiplier { get; set; } = 0.1;

    /// <summary>Weak (not dead) cell ahead: p10 below this many kbit/s scales the weight by WeakMultiplier.</summary>
    public int WeakThroughputP10Kbps { get; set; } = 256;

    public double WeakMultiplier { get; set; } = 0.5;

    /// <summary>Below this speed the vehicle is treated as standing: only the cell it is in counts.</summary>
    public double MinMovingSpeedMps { get; set; } = 1.0;
}

public sealed class CoverageHintOptionsValidator : IValidateOptions<CoverageHintOptions>
{
    public ValidateOptionsResult Validate(string? name, CoverageHintOptions o)
    {
        var errors = new List<string>();
        if (o.LookaheadSeconds is < 1 or > 600)
            errors.Add("CoverageHints:LookaheadSeconds must be 1..600.");
        if (o.FetchIntervalSeconds is < 5 or > 3_600)
            errors.Add("CoverageHints:FetchIntervalSeconds must be 5..3600.");
        if (o.RouteAheadSeconds < o.LookaheadSeconds)
            errors.Add("CoverageHints:RouteAheadSeconds must be at least LookaheadSeconds.");
        if (!(o.MinRouteAheadM > 0 && o.MaxRouteAheadM >= o.MinRouteAheadM && o.MaxRouteAheadM <= 100_000))
            errors.Add("CoverageHints:MinRouteAheadM/MaxRouteAheadM must satisfy 0 < min <= max <= 100000.");
        if (o.RoutePointSpacingM is < 10 or > 5_000)
            errors.Add("CoverageHints:RoutePointSpacingM must be 10..5000.");
        if (o.CorridorM is <= 0 or > 2_000)
            errors.Add("CoverageHints:CorridorM must be in (0, 2000].");
        if (o.CellsMaxAgeSeconds < o.FetchIntervalSeconds)
            errors.Add("CoverageHints:CellsMaxAgeSeconds must be at least FetchIntervalSeconds.");
        if (o.OutageFractionThreshold is <= 0 or > 1)
            errors.Add("CoverageHints:OutageFractionThreshold must be in (0, 1].");
        if (o.DeadSpotMultiplier is <= 0 or > 1 || o.WeakMultiplier is <= 0 or > 1)
            errors.Add("CoverageHints:DeadSpotMultiplier and WeakMultiplier must be in (0, 1].");
        if (o.PositionToleranceM is < 0 or > 2_000 || o.MinSamples < 1 || o.MinMovingSpeedMps < 0)
            errors.Add("CoverageHints:PositionToleranceM (0..2000), MinSamples (>= 1) and MinMovingSpeedMps (>= 0) are out of range.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
