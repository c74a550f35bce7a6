namespace Fleet.Central.Finance;

/// <summary>SIM card serial (ITU-T E.118): 19 or 20 digits starting "89", the last a Luhn check digit.
/// Validating the check digit catches the usual typo (one wrong or two swapped digits) when finance staff
/// key in a SIM, before usage is silently attributed to nobody.</summary>
public static class Iccid
{
    public const int MinLength = 18;
    public const int MaxLength = 22;

    /// <summary>Null when valid; otherwise why not, phrased for the person who typed it.</summary>
    public static string? Validate(string? iccid)
    {
        if (string.IsNullOrWhiteSpace(iccid))
            return "ICCID is required.";
        if (iccid.Length is < MinLength or > MaxLength)
            return $"ICCID must have {MinLength} to {MaxLength} digits, got {iccid.Length} characters.";
        foreach (var c in iccid)
        {
            if (c is < '0' or > '9')
                return "ICCID must contain digits only.";
        }
        if (!iccid.StartsWith("89", StringComparison.Ordinal))
            return "ICCID must start with 89 (telecom industry identifier).";
        return HasValidLuhnCheckDigit(iccid) ? null : "ICCID check digit (Luhn) does not match; check for a mistyped digit.";
    }

    public static bool IsValid(string? iccid) => Validate(iccid) is null;

    /// <summary>Luhn mod 10 over all digits, the last being the check digit.</summary>
    public static bool HasValidLuhnCheckDigit(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>The digit that makes <paramref name="payload"/> + digit pass Luhn (test data, tooling).</summary>
    public static char CheckDigitFor(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                    d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
