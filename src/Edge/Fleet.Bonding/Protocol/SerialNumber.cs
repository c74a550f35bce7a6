namespace Fleet.Bonding.Protocol;

/// <summary>RFC 1982-style comparison of wrapping 32-bit sequence numbers.</summary>
public static class SerialNumber
{
    public static int Diff(uint a, uint b) => unchecked((int)(a - b));

    public static bool Greater(uint a, uint b) => Diff(a, b) > 0;
}
