using System.ComponentModel.DataAnnotations;

namespace Fleet.Central.Hosting;

/// <summary>Section "Central": listening endpoints and bootstrap credentials.</summary>
public sealed class CentralOptions
{
    public const string Section = "Central";

    /// <summary>HTTP/1.1 endpoint for the dashboard, REST API and /healthz.</summary>
    [Required]
    public string HttpUrl { get; set; } = "http://127.0.0.1:5080";

    /// <summary>HTTP/2-only (h2c) endpoint for gRPC; gRPC services answer only here.</summary>
    [Required]
    public string GrpcUrl { get; set; } = "http://127.0.0.1:5081";

    /// <summary>Bootstrap admin bearer key for /api/admin (until real users and roles exist).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Central:AdminKey must be set (a long random string).")]
    [MinLength(16, ErrorMessage = "Central:AdminKey must be at least 16 characters.")]
    public string AdminKey { get; set; } = "";

    /// <summary>Bearer key aggregation servers present to AggregatorGateway.Register; empty disables registration.</summary>
    public string AggregatorRegistrationKey { get; set; } = "";
}
