using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.ApiV1;

/// <summary>Section "ApiV1": limits of the customer REST API.</summary>
public sealed class ApiV1Options
{
    public const string Section = "ApiV1";

    /// <summary>Longest from/to span a positions, track or trips request may ask for.</summary>
    [Range(1, 366)]
    public int MaxRangeDays { get; set; } = 7;

    /// <summary>How far past now a from/to may lie (clock skew); later is refused as nonsense.</summary>
    [Range(0, 10_080)]
    public int FutureToleranceMinutes { get; set; } = 60;

    [Range(1, 100_000)]
    public int DefaultPageSize { get; set; } = 1000;

    [Range(1, 100_000)]
    public int MaxPageSize { get; set; } = 10_000;

    /// <summary>Requests per API key per <see cref="RateLimitWindowSeconds"/>.</summary>
    [Range(1, 1_000_000)]
    public int RateLimitPermits { get; set; } = 600;

    [Range(1, 3600)]
    public int RateLimitWindowSeconds { get; set; } = 60;
}
