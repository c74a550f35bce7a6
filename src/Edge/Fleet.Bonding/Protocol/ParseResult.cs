namespace Fleet.Bonding.Protocol;

/// <summary>Outcome of reading a wire structure: failures are values, never exceptions.</summary>
public enum ParseResult
{
    Ok,
    Truncated,
    UnknownType,
    BadLength,
    BadField,
}
