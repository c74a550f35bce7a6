using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Enrollment;

/// <summary>Section "Enrollment".</summary>
public sealed class EnrollmentOptions
{
    public const string Section = "Enrollment";

    /// <summary>Lifetime of a token when the admin does not ask for one.</summary>
    [Range(1, 60 * 24 * 30)]
    public int DefaultTokenTtlMinutes { get; set; } = 60 * 24;

    /// <summary>Longest lifetime an admin may ask for.</summary>
    [Range(1, 60 * 24 * 365)]
    public int MaxTokenTtlMinutes { get; set; } = 60 * 24 * 30;

    /// <summary>IPv4 pool the devices' inner tunnel addresses come from, one /32 each, never reused.
    /// The default is the shared address space (RFC 6598), which no vehicle LAN or upstream uses.</summary>
    public string TunnelPool { get; set; } = "100.64.0.0/10";
}
