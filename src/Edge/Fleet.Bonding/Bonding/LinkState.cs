namespace Fleet.Bonding;

/// <summary>Where a link stands in the schedule; advanced only by the session tick.</summary>
public enum LinkState
{
    /// <summary>New or returning: probes only, no traffic until enough probes came back.</summary>
    Probing,

    /// <summary>Carries traffic at its full weight (ramping up right after Probing).</summary>
    Up,

    /// <summary>Carries traffic at reduced weight: high loss.</summary>
    Degraded,

    /// <summary>Silent: out of the schedule; probed slowly until something arrives again.</summary>
    Down,
}
