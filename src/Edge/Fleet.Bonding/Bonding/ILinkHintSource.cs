namespace Fleet.Bonding;

/// <summary>External knowledge about a link: modem signal quality, or coverage "dead spot ahead" from
/// central's coverage grid along the route. Quality 0..1 scales the link's weight (1 = no penalty).</summary>
public readonly record struct LinkHint(double Quality, bool DeadSpotAhead)
{
    public static LinkHint Neutral => new(1.0, false);
}

/// <summary>Read when weights are recomputed (about once a second), never per packet; must be cheap and thread-safe.</summary>
public interface ILinkHintSource
{
    LinkHint GetHint(int linkId);
}
