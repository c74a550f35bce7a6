using Microsoft.Extensions.Options;

namespace Fleet.Central.Hosting;

/// <summary>Checks what attributes cannot: both endpoints are absolute http URLs on distinct ports
/// (the gRPC one must be h2c-only, so the two cannot share a port).</summary>
internal sealed class CentralOptionsValidator : IValidateOptions<CentralOptions>
{
    public ValidateOptionsResult Validate(string? name, CentralOptions options)
    {
        var failures = new List<string>();
        var http = ListenEndpoint.TryParse(options.HttpUrl, out var httpEndpoint);
        var grpc = ListenEndpoint.TryParse(options.GrpcUrl, out var grpcEndpoint);
        if (!http)
            failures.Add($"Central:HttpUrl '{options.HttpUrl}' is not an http://host:port URL.");
        if (!grpc)
            failures.Add($"Central:GrpcUrl '{options.GrpcUrl}' is not an http://host:port URL.");
        if (http && grpc && httpEndpoint.Port == grpcEndpoint.Port)
            failures.Add("Central:HttpUrl and Central:GrpcUrl must use different ports.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
